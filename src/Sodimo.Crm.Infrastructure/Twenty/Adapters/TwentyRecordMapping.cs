using System.Text.Json.Nodes;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Schema;
using static Sodimo.Crm.Infrastructure.Twenty.Adapters.TwentyFieldMapper;

namespace Sodimo.Crm.Infrastructure.Twenty.Adapters;

/// <summary>Twenty records (REST or GraphQL nodes, Twenty's names) to the ports' records (Sodimo's shape).</summary>
internal static class TwentyRecordMapping
{
    public static bool IsDeleted(JsonObject record) => record["deletedAt"] is JsonValue;

    public static CompanyRecord ToCompany(JsonObject r)
    {
        var obj = SodimoTwentyObjects.Company;
        var fields = ReadFields(obj, r);
        return new CompanyRecord
        {
            Id = Id(r["id"]) ?? throw new TwentyProtocolException("A company without an id."),
            Name = String(r["name"]),
            ClientCode = fields.TryGetValue(SodimoFieldNames.ClientCode, out var code) ? code as string : null,
            Fields = fields,
            CreatedAt = Instant(r["createdAt"]),
            UpdatedAt = Instant(r["updatedAt"]),
        };
    }

    public static PersonRecord ToPerson(JsonObject r) => new()
    {
        Id = Id(r["id"]) ?? throw new TwentyProtocolException("A person without an id."),
        Name = r["name"] is JsonObject n ? new PersonName(Blank(String(n["firstName"])), Blank(String(n["lastName"]))) : new PersonName(null, null),
        Emails = ReadEmails(r["emails"]),
        Phones = ReadPhones(r["phones"]),
        JobTitle = Blank(String(r["jobTitle"])),
        City = Blank(String(r["city"])),
        CompanyId = Id(r["companyId"]),
        CreatedAt = Instant(r["createdAt"]),
        UpdatedAt = Instant(r["updatedAt"]),
    };

    // The Twenty names of the deal fields read by name, looked up once.
    private static readonly string DealPipeline = SodimoTwentyObjects.TwentyField(SodimoTwentyObjects.Opportunity, SodimoFieldNames.Pipeline);
    private static readonly string DealHealthField = SodimoTwentyObjects.TwentyField(SodimoTwentyObjects.Opportunity, SodimoFieldNames.Health);
    private static readonly string DealClientCode = SodimoTwentyObjects.TwentyField(SodimoTwentyObjects.Opportunity, SodimoFieldNames.ClientCode);
    private static readonly string DealOrderNumber = SodimoTwentyObjects.TwentyField(SodimoTwentyObjects.Opportunity, SodimoFieldNames.SodiwinNumeroCommande);
    private static readonly string DealStageEnteredAt = SodimoTwentyObjects.TwentyField(SodimoTwentyObjects.Opportunity, SodimoFieldNames.StageEnteredAt);

    public static DealRecord ToDeal(JsonObject r)
    {
        var schema = SodimoTwentyObjects.Schema;
        var pipelineValue = String(r[DealPipeline]);
        var pipeline = pipelineValue is null ? null : schema.FindPipeline(pipelineValue);
        string? stage = null;
        if (pipeline is not null && String(r[pipeline.StageFieldTwentyName]) is { } stageValue)
            stage = pipeline.Stages.FirstOrDefault(s => string.Equals(s.Value, stageValue, StringComparison.Ordinal))?.Name ?? stageValue;

        return new DealRecord
        {
            Id = Id(r["id"]) ?? throw new TwentyProtocolException("A deal without an id."),
            Name = String(r["name"]),
            Pipeline = pipeline?.Name ?? pipelineValue,
            Stage = stage,
            Health = schema.TryParseHealth(String(r[DealHealthField]), out var health) ? health : null,
            Amount = ReadMoney(r["amount"]),
            ClientCode = String(r[DealClientCode]),
            SodiwinNumeroCommande = String(r[DealOrderNumber]),
            StageEnteredAt = Instant(r[DealStageEnteredAt]),
            CloseDate = Instant(r["closeDate"]),
            CompanyId = Id(r["companyId"]),
            PointOfContactId = Id(r["pointOfContactId"]),
            CreatedAt = Instant(r["createdAt"]),
            UpdatedAt = Instant(r["updatedAt"]),
        };
    }

    public static Page<T> ToPage<T>(TwentyRecordPage page, Func<JsonObject, T> map) =>
        new(page.Records.Select(map).ToArray(), page.PageInfo.HasNextPage ? page.PageInfo.EndCursor : null, page.TotalCount);

    private static string? Blank(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
