using System.Text.Json.Nodes;
using Sodimo.Crm.Application.Common.Ports;
using static Sodimo.Crm.Infrastructure.Twenty.Adapters.TwentyPortErrors;

namespace Sodimo.Crm.Infrastructure.Twenty.Adapters;

/// <summary><see cref="ITwentyPeople"/> over Twenty's REST records API; e-mail lookups through GraphQL variables.</summary>
internal sealed class TwentyPeopleAdapter(ITwentyRecordsClient records, ITwentyGraphQLClient graphQL) : ITwentyPeople
{
    private static readonly TwentyObjectName People = SodimoTwentyObjects.PersonName;

    internal static readonly string PersonSelection = SodimoTwentyObjects.Selection(SodimoTwentyObjects.Person, "jobTitle", "city", "companyId");

    internal static readonly string FindByEmailQuery =
        $"query FindPersonByEmail($filter: PersonFilterInput) {{ people(filter: $filter, first: 2) {{ totalCount edges {{ node {{ {PersonSelection} }} }} }} }}";

    public Task<PersonRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        ReadAsync("get person", () => records.FindLiveOneAsync(People, id, TwentyRecordReaders.Person, cancellationToken));

    public Task<PersonRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        // The address is a variable: no text of the caller is spliced into a filter string.
        var variables = new JsonObject
        {
            ["filter"] = new JsonObject { ["emails"] = new JsonObject { ["primaryEmail"] = new JsonObject { ["eq"] = email } } },
        };
        return ReadAsync("find person by e-mail", async () =>
        {
            var data = await graphQL.QueryAsync(TwentyGraphQLEndpoint.Core, FindByEmailQuery, variables, cancellationToken).ConfigureAwait(false);
            var nodes = TwentySearchAdapter.Nodes(data["people"]);
            if (nodes.Count > 1)
                throw new TwentyRejectedException($"find person by e-mail: several people have the primary e-mail {email}.", null, []);
            return nodes.Count == 1 ? TwentyRecordMapping.ToPerson(nodes[0]) : null;
        });
    }

    public Task<PersonRecord> CreateAsync(PersonCreate person, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(person);
        var body = TwentyCompaniesAdapter.Body(person.Id, person.Fields);
        if (person.CompanyId is { } companyId)
            body["companyId"] = TwentyFieldMapper.Uuid(companyId);
        return WriteAsync("create person", async () =>
            TwentyRecordMapping.ToPerson(await records.CreateAsync(People, body, cancellationToken).ConfigureAwait(false)));
    }

    public Task<PersonRecord> UpdateAsync(PersonUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var body = TwentyFieldMapper.ToTwenty(update.Fields);
        if (update.CompanyId is { } companyId)
            body["companyId"] = TwentyFieldMapper.Uuid(companyId);
        return WriteAsync("update person", () => records.UpdateAsync(People, update.Id, body, TwentyRecordReaders.Person, cancellationToken),
            People.Singular, update.Id);
    }
}
