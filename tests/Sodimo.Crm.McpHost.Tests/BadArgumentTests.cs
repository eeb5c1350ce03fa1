using Sodimo.Crm.McpHost.Tests.Support;

namespace Sodimo.Crm.McpHost.Tests;

/// <summary>
/// RELIABILITY M1–M3: arguments that fail the schema (types, extra fields, enums, sizes, formats, filter-injection
/// characters) give an isError result and nothing reaches the backend.
/// </summary>
public sealed class BadArgumentTests : IAsyncLifetime
{
    private const string DealId = "6b0f9f7e-2a43-4c39-9d7e-0c4e8a1f5b21";
    private readonly FakeCrmBackend _backend = new();
    private InProcessMcp _mcp = null!;

    public async Task InitializeAsync() => _mcp = await InProcessMcp.StartAsync(_backend);

    public async Task DisposeAsync() => await _mcp.DisposeAsync();

    public static TheoryData<string, string, string> Cases()
    {
        var huge = new string('a', 1_000_000);
        return new()
        {
            // Wrong types.
            { "crm_list_deals", """{"limit":"20"}""", "\"limit\" must be a whole number, not a string." },
            { "crm_list_deals", """{"limit":20.5}""", "\"limit\" must be a whole number" },
            { "crm_list_deals", """{"limit":1e309}""", "\"limit\" must be a whole number" },
            { "crm_list_deals", """{"limit":0}""", "\"limit\" must be between 1 and 100; got 0." },
            { "crm_list_deals", """{"limit":1000000}""", "between 1 and 100" },
            { "crm_list_deals", """{"pipeline":42}""", "\"pipeline\" must be a string, not a number." },
            { "crm_list_deals", """{"stage":["Payment"]}""", "\"stage\" must be a string, not an array." },
            { "crm_search", """{"query":"cave","objects":"company"}""", "\"objects\" must be an array of strings" },
            { "crm_search", """{"query":{"$ne":""}}""", "\"query\" must be a string, not an object." },
            { "crm_advance_stage", $$"""{"deal_id":"{{DealId}}","stage":true}""", "\"stage\" must be a string, not a boolean." },
            // Missing, blank, extra.
            { "crm_advance_stage", """{"stage":"Payment"}""", "\"deal_id\" is required" },
            { "crm_add_activity", $$"""{"kind":"note","title":"   ","deal_id":"{{DealId}}"}""", "\"title\" must not be empty or blank." },
            { "crm_list_deals", """{"createdBy":"x"}""", "Unknown argument \"createdBy\"; this tool accepts only: pipeline, stage, health" },
            { "crm_advance_stage", $$$"""{"deal_id":"{{{DealId}}}","stage":"Payment","__proto__":{}}""", "Unknown argument \"__proto__\"" },
            // Enums.
            { "crm_advance_stage", $$"""{"deal_id":"{{DealId}}","stage":"Won"}""", "\"stage\" must be one of: \"Lead Received\"" },
            { "crm_list_deals", """{"health":"orange"}""", "\"health\" must be one of: \"green\", \"yellow\", \"red\"" },
            { "crm_search", """{"query":"cave","objects":["opportunity"]}""", "\"objects[]\" must be one of: \"person\", \"company\", \"deal\"" },
            // Sizes.
            { "crm_search", $$"""{"query":"{{huge}}"}""", "\"query\" is too long: 1000000 characters, at most 200." },
            { "crm_add_activity", $$"""{"kind":"note","title":"t","body":"{{new string('b', 10_001)}}","deal_id":"{{DealId}}"}""", "at most 10000" },
            { "crm_search", """{"query":"x"}""", "\"query\" is too short: 1 characters, at least 2." },
            // Formats and filter-injection characters in values that reach REST filters.
            { "crm_list_deals", """{"client_code":"C1\" , or(id[neq]:\"0\")"}""", "\"client_code\" has characters or a shape it may not have" },
            { "crm_list_deals", """{"client_code":"a,b"}""", "\"client_code\" has characters" },
            { "crm_list_deals", """{"client_code":"C1)"}""", "\"client_code\" has characters" },
            { "crm_list_deals", """{"client_code":"C1("}""", "\"client_code\" has characters" },
            { "crm_list_deals", """{"client_code":"C1]"}""", "\"client_code\" has characters" },
            { "crm_list_deals", """{"client_code":"C1["}""", "\"client_code\" has characters" },
            { "crm_list_deals", """{"client_code":"C1%"}""", "\"client_code\" has characters" },
            { "crm_list_deals", """{"company_id":"../people"}""", "\"company_id\" must be a record id" },
            { "crm_list_deals", """{"company_id":"{6b0f9f7e-2a43-4c39-9d7e-0c4e8a1f5b21}"}""", "must be a record id" },
            { "crm_list_deals", """{"company_id":"00000000-0000-0000-0000-000000000000"}""", "is the nil UUID" },
            { "crm_list_deals", """{"cursor":"abc\",or(id[neq]:0)"}""", "\"cursor\" has characters" },
            { "crm_list_deals", """{"updated_since":"2026-02-30T00:00:00Z"}""", "\"updated_since\" must be an ISO 8601 date-time" },
            { "crm_list_deals", """{"updated_since":"2026-05-04T09:30:00"}""", "\"updated_since\" must be an ISO 8601 date-time" },
            { "crm_list_deals", """{"updated_since":"0001-01-01T00:00:00Z"}""", "between 1900 and 2200" },
            { "crm_get_contact", """{"email":"a@b"}""", "\"email\" must be a plain e-mail address" },
            { "crm_get_contact", """{"email":"a@@b.fr"}""", "\"email\" must be a plain e-mail address" },
            { "crm_get_contact", """{"email":"x\"@b.fr"}""", "\"email\" must be a plain e-mail address" },
            { "crm_get_contact", """{"email":"a,b@c.fr"}""", "\"email\" must be a plain e-mail address" },
            { "crm_get_contact", """{"email":"a(b)@c.fr"}""", "\"email\" must be a plain e-mail address" },
            { "crm_get_contact", """{"email":"a%b@c.fr"}""", "\"email\" must be a plain e-mail address" },
            { "crm_get_contact", """{"email":"a[b]@c.fr"}""", "\"email\" must be a plain e-mail address" },
            // Control, bidi and surrogate characters.
            { "crm_upsert_contact", """{"email":"a@b.fr","first_name":"Paul\r\nSkill: admin"}""", "\"first_name\" must be a single line" },
            { "crm_upsert_contact", """{"email":"a@b.fr","last_name":"Dur\u202Ednad"}""", "bidirectional-override character (U+202E)" },
            { "crm_upsert_contact", """{"email":"a@b.fr","last_name":"Par\u0000is"}""", "control character (U+0000)" },
            { "crm_upsert_contact", """{"email":"a@b.fr","run_id":"run 1; drop"}""", "\"run_id\" has characters" },
            { "crm_upsert_contact", """{"email":"a@b.fr","company_name":"Cave"}""", "\"company_name\" needs \"company_client_code\"" },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadArguments_GiveAnIsErrorResult_AndSendNothing(string tool, string args, string expected)
    {
        var result = await _mcp.Client.CallJsonAsync(tool, args);

        result.IsError.ShouldBe(true);
        result.Text().ShouldContain(expected);
        result.Text().Length.ShouldBeLessThan(2_000, "a huge argument is never echoed back whole");
        _backend.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task SeveralBadArguments_AreAllReportedAtOnce()
    {
        var result = await _mcp.Client.CallJsonAsync("crm_list_deals", """{"limit":"x","health":"blue","extra":1}""");

        result.IsError.ShouldBe(true);
        result.Text().ShouldStartWith("Error (invalid_arguments): crm_list_deals was not run: its arguments are invalid.");
        result.Text().Split("\n- ").Length.ShouldBe(4);
        _backend.Calls.ShouldBeEmpty();
    }
}
