using System.Text.Json.Nodes;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Health;
using Sodimo.Crm.Domain.Schema;
using static Sodimo.Crm.Infrastructure.Twenty.Adapters.TwentyFieldMapper;

namespace Sodimo.Crm.Infrastructure.Twenty.Adapters;

/// <summary>Twenty records (REST or GraphQL nodes, Twenty's names) to the ports' records (Sodimo's shape).</summary>
internal static class TwentyRecordMapping
{
    // Twenty's own fields of every record and the standard fields read by name (the typed readers use the same names).
    internal const string IdField = "id";
    internal const string NameField = "name";
    internal const string CreatedAtField = "createdAt";
    internal const string UpdatedAtField = "updatedAt";
    internal const string DeletedAtField = "deletedAt";
    internal const string AmountField = "amount";
    internal const string CloseDateField = "closeDate";
    internal const string CompanyIdField = "companyId";
    internal const string PointOfContactIdField = "pointOfContactId";
    internal const string EmailsField = "emails";
    internal const string PhonesField = "phones";
    internal const string JobTitleField = "jobTitle";
    internal const string CityField = "city";

    public static bool IsDeleted(JsonObject record) => record[DeletedAtField] is JsonValue;

    public static CompanyRecord ToCompany(JsonObject r)
    {
        var obj = SodimoTwentyObjects.Company;
        var fields = ReadFields(obj, r);
        return new CompanyRecord
        {
            Id = Id(r[IdField]) ?? throw new TwentyProtocolException("A company without an id."),
            Name = String(r[NameField]),
            ClientCode = fields.TryGetValue(SodimoFieldNames.ClientCode, out var code) ? code as string : null,
            Fields = fields,
            CreatedAt = Instant(r[CreatedAtField]),
            UpdatedAt = Instant(r[UpdatedAtField]),
        };
    }

    public static PersonRecord ToPerson(JsonObject r) => new()
    {
        Id = Id(r[IdField]) ?? throw new TwentyProtocolException("A person without an id."),
        Name = r[NameField] is JsonObject n ? new PersonName(Blank(String(n[FirstName])), Blank(String(n[LastName]))) : new PersonName(null, null),
        Emails = ReadEmails(r[EmailsField]),
        Phones = ReadPhones(r[PhonesField]),
        JobTitle = Blank(String(r[JobTitleField])),
        City = Blank(String(r[CityField])),
        CompanyId = Id(r[CompanyIdField]),
        CreatedAt = Instant(r[CreatedAtField]),
        UpdatedAt = Instant(r[UpdatedAtField]),
    };

    // The Twenty names of the deal fields read by name, looked up once.
    internal static readonly string DealPipeline = SodimoTwentyObjects.TwentyField(SodimoTwentyObjects.Opportunity, SodimoFieldNames.Pipeline);
    internal static readonly string DealHealthField = SodimoTwentyObjects.TwentyField(SodimoTwentyObjects.Opportunity, SodimoFieldNames.Health);
    internal static readonly string DealClientCode = SodimoTwentyObjects.TwentyField(SodimoTwentyObjects.Opportunity, SodimoFieldNames.ClientCode);
    internal static readonly string DealOrderNumber = SodimoTwentyObjects.TwentyField(SodimoTwentyObjects.Opportunity, SodimoFieldNames.SodiwinNumeroCommande);
    internal static readonly string DealStageEnteredAt = SodimoTwentyObjects.TwentyField(SodimoTwentyObjects.Opportunity, SodimoFieldNames.StageEnteredAt);

    public static DealRecord ToDeal(JsonObject r)
    {
        var pipelineValue = String(r[DealPipeline]);
        var pipeline = DealPipelineOf(pipelineValue);
        return new DealRecord
        {
            Id = Id(r[IdField]) ?? throw new TwentyProtocolException("A deal without an id."),
            Name = String(r[NameField]),
            Pipeline = pipeline?.Name ?? pipelineValue,
            Stage = pipeline is null ? null : DealStage(pipeline, String(r[pipeline.StageFieldTwentyName])),
            Health = DealHealthOf(String(r[DealHealthField])),
            Amount = ReadMoney(r[AmountField]),
            ClientCode = String(r[DealClientCode]),
            SodiwinNumeroCommande = String(r[DealOrderNumber]),
            StageEnteredAt = Instant(r[DealStageEnteredAt]),
            CloseDate = Instant(r[CloseDateField]),
            CompanyId = Id(r[CompanyIdField]),
            PointOfContactId = Id(r[PointOfContactIdField]),
            CreatedAt = Instant(r[CreatedAtField]),
            UpdatedAt = Instant(r[UpdatedAtField]),
        };
    }

    /// <summary>The schema's pipeline of a deal's <c>pipeline</c> option value, if it knows it.</summary>
    internal static Pipeline? DealPipelineOf(string? pipelineValue) =>
        pipelineValue is null ? null : SodimoTwentyObjects.Schema.FindPipeline(pipelineValue);

    /// <summary>The stage's name for a value of <paramref name="pipeline"/>'s stage field; the raw value when unknown.</summary>
    internal static string? DealStage(Pipeline pipeline, string? stageValue) =>
        stageValue is null
            ? null
            : pipeline.Stages.FirstOrDefault(s => string.Equals(s.Value, stageValue, StringComparison.Ordinal))?.Name ?? stageValue;

    /// <summary>A deal's health from its <c>health</c> option value.</summary>
    internal static DealHealth? DealHealthOf(string? value) =>
        SodimoTwentyObjects.Schema.TryParseHealth(value, out var health) ? health : null;

    public static Page<T> ToPage<T>(TwentyRecordPage page, Func<JsonObject, T> map) =>
        new(page.Records.Select(map).ToArray(), page.PageInfo.HasNextPage ? page.PageInfo.EndCursor : null, page.TotalCount);

    /// <summary>A typed page as a port's page, exactly as <see cref="ToPage{T}(TwentyRecordPage, Func{JsonObject, T})"/> builds it.</summary>
    public static Page<T> ToPage<T>(TwentyTypedPage<T> page) =>
        new(page.Records, page.PageInfo.HasNextPage ? page.PageInfo.EndCursor : null, page.TotalCount);

    private static string? Blank(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
