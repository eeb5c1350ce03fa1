using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Health;
using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.Infrastructure.Twenty;
using Sodimo.Crm.Infrastructure.Twenty.Adapters;

namespace Sodimo.Crm.Infrastructure.Tests.Twenty.Adapters;

/// <summary>
/// The typed read path (deals read straight from the answer's bytes) against the JsonObject path it replaces: same
/// records, same pages and cursors, same errors, on generated records, scripted answers and the emulator.
/// </summary>
public sealed class TwentyTypedReadTests
{
    private static readonly SodimoSchema Schema = SodimoSchema.Current;

    // Twenty names of the deal fields the mapping reads (from the schema and the mapping's constants).
    private static readonly string[] StringFields =
    [
        TwentyRecordMapping.NameField, TwentyRecordMapping.DealPipeline, TwentyRecordMapping.DealHealthField,
        TwentyRecordMapping.DealClientCode, TwentyRecordMapping.DealOrderNumber, .. Schema.Pipelines.Select(p => p.StageFieldTwentyName),
    ];

    private static readonly string[] IdFields = [TwentyRecordMapping.IdField, TwentyRecordMapping.CompanyIdField, TwentyRecordMapping.PointOfContactIdField];

    private static readonly string[] InstantFields =
    [
        TwentyRecordMapping.CreatedAtField, TwentyRecordMapping.UpdatedAtField, TwentyRecordMapping.CloseDateField, TwentyRecordMapping.DealStageEnteredAt,
    ];

    private static readonly string[] Weird = ["null", "42", "1.5", "-0", "true", "false", "{}", "[]", "{\"a\":[1,{\"b\":null}]}", "[\"x\",2]", "\"\""];

    [Fact]
    public void DealReader_AgreesWithTheJsonObjectMapping_OnGeneratedRecords() =>
        AgreesOnGeneratedRecords(TwentyRecordReaders.Deal, 20261127, GenerateDeal);

    [Fact]
    public void PersonReader_AgreesWithTheJsonObjectMapping_OnGeneratedRecords() =>
        AgreesOnGeneratedRecords(TwentyRecordReaders.Person, 27, GeneratePerson);

    [Fact]
    public async Task Emulator_GetPerson_TypedPathEqualsJsonObjectPath()
    {
        await using var h = new EmulatorHarness();
        var people = h.Emulator.Seed("people",
            new JsonObject
            {
                ["name"] = new JsonObject { ["firstName"] = "Ralph", ["lastName"] = "Dupont" },
                ["emails"] = new JsonObject { ["primaryEmail"] = "ralph@sodimo.fr", ["additionalEmails"] = new JsonArray("r.dupont@sodimo.fr") },
                ["phones"] = new JsonObject { ["primaryPhoneNumber"] = "612345678", ["primaryPhoneCallingCode"] = "+33", ["primaryPhoneCountryCode"] = "FR" },
                ["jobTitle"] = "Buyer",
                ["city"] = "Bordeaux",
            },
            new JsonObject { ["name"] = new JsonObject { ["firstName"] = "", ["lastName"] = "Solo" } });
        var ids = people.Select(r => Guid.Parse(r["id"]!.GetValue<string>())).ToArray();
        var records = h.Services.GetRequiredService<ITwentyRecordsClient>();
        var graphQL = h.Services.GetRequiredService<ITwentyGraphQLClient>();
        var typed = new TwentyPeopleAdapter(records, graphQL);
        var reference = new TwentyPeopleAdapter(new JsonObjectOnly(records), graphQL);

        var ralph = await typed.GetAsync(ids[0]);

        ralph!.Name.ShouldBe(new PersonName("Ralph", "Dupont"));
        ralph.Emails.AdditionalEmails.ShouldBe(["r.dupont@sodimo.fr"]);
        ralph.Phones.ShouldBe(new PhoneNumbers("612345678", "+33", "FR"));
        foreach (var id in ids)
            Json(await typed.GetAsync(id)).ShouldBe(Json(await reference.GetAsync(id)));
        await records.DeleteAsync(SodimoTwentyObjects.PersonName, ids[1], softDelete: true);
        (await typed.GetAsync(ids[1])).ShouldBeNull();
        (await reference.GetAsync(ids[1])).ShouldBeNull();
    }

    [Theory]
    [InlineData("""{"id":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f","name":"A","name":"B"}""")]
    [InlineData("""{"name":"no id"}""")]
    [InlineData("""{"id":"not-a-uuid"}""")]
    [InlineData("""{"id":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f","amount":{"amountMicros":1e300,"currencyCode":"EUR"}}""")]
    [InlineData("""{"id":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f","amount":{"amountMicros":1,"amountMicros":2}}""")]
    public void DealReader_Declines_WhatOnlyTheMappingDecides(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        bool read;
        try
        {
            read = TwentyRecordReaders.Deal.Read(ref reader, out _, out _);
        }
        catch (Exception ex) when (TwentyTypedReading.Declined(ex))
        {
            read = false;
        }

        read.ShouldBeFalse();
    }

    [Fact]
    public void DealReader_EscapedNamesAndValues_ReadAsTheirText()
    {
        const string text = """{"\u0069d":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f","na\u006De":"Caf\u00e9 \"Le Port\"","amount":{"currency\u0043ode":"EUR","amountMicros":"1250500000"},"createdAt":"2026-11-27T09:00:00.000\u005a"}""";

        Compare(text, TwentyRecordReaders.Deal).ShouldBeTrue();
        var deal = ReadOne(text);
        deal.Name.ShouldBe("Café \"Le Port\"");
        deal.Amount.ShouldBe(new Money(1250.5m, "EUR"));
        deal.CreatedAt.ShouldBe(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    }

    public static TheoryData<string> ListAnswers => new()
    {
        Page("""{"hasNextPage":true,"hasPreviousPage":false,"startCursor":"c1","endCursor":"c2"}""", "\"totalCount\":45"),
        Page("""{"hasNextPage":false,"endCursor":"c2"}""", "\"totalCount\":2"),
        Page("""{"hasNextPage":true,"endCursor":null}""", "\"totalCount\":45"),
        Page("""{"hasNextPage":"true","endCursor":"c2"}""", "\"totalCount\":\"7\""),
        Page("""{"hasNextPage":true,"endCursor":123}""", "\"totalCount\":2.5"),
        Page("""{"hasNextPage":true,"endCursor":{"x":1},"extra":[1,2]}""", "\"totalCount\":null,\"more\":{\"a\":1}"),
        Page("\"none\"", "\"totalCount\":1"),
        Page("""{"hasNextPage":true,"endCursor":"c2"}""", "\"totalCount\":1,\"totalCount\":2"),
        "\uFEFF" + Page("""{"hasNextPage":true,"endCursor":"c2"}""", "\"totalCount\":3") + " \n",
        Page("""{"hasNextPage":true,"endCursor":"c2"}""", "\"totalCount\":3") + " x",
        """{"data":{"opportunities":[]},"pageInfo":{"hasNextPage":false}}""",
        """{"data":{"opportunities":[{"name":"no id"}]}}""",
        """{"data":{"opportunities":[1]}}""",
        """{"data":{"opportunities":{}}}""",
        """{"data":{"companies":[]}}""",
        """{"data":null}""",
        """{"data":{"opportunities":[]},"data":{"opportunities":[]}}""",
        """[{"data":{}}]""",
        "<html>gateway</html>",
        "",
    };

    [Theory]
    [MemberData(nameof(ListAnswers))]
    public async Task ListDeals_TypedAndJsonObjectPaths_GiveTheSameResultOrError(string answer)
    {
        var typed = await OutcomeAsync(answer, deals => deals.ListAsync(new DealQuery { Limit = 20 }), typedPath: true);
        var reference = await OutcomeAsync(answer, deals => deals.ListAsync(new DealQuery { Limit = 20 }), typedPath: false);

        typed.ShouldBe(reference);
    }

    [Fact]
    public void PlainListAnswer_IsReadWithoutTheJsonObjectFallback()
    {
        var bytes = Encoding.UTF8.GetBytes(Page("""{"hasNextPage":true,"hasPreviousPage":false,"startCursor":"c1","endCursor":"c2"}""", "\"totalCount\":45"));

        TwentyTypedReading.TryReadPage(bytes, "opportunities", TwentyRecordReaders.Deal.Read, out var page).ShouldBeTrue();

        page!.Records.Count.ShouldBe(2);
        page.TotalCount.ShouldBe(45);
        page.PageInfo.ShouldBe(new TwentyPageInfo(true, false, "c1", "c2"));
        TwentyRecordMapping.ToPage(page).NextCursor.ShouldBe("c2");
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, """{"data":{"opportunity":{"id":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f","name":"Live","deletedAt":null}}}""")]
    [InlineData(HttpStatusCode.OK, """{"data":{"opportunity":{"id":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f","name":"Gone","deletedAt":"2026-11-27T09:00:00.000Z"}}}""")]
    [InlineData(HttpStatusCode.OK, """{"data":{"opportunity":{"id":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f","deletedAt":{"x":1}}}}""")]
    [InlineData(HttpStatusCode.OK, """{"data":{"opportunity":null}}""")]
    [InlineData(HttpStatusCode.OK, """{"data":{"opportunity":{"name":"no id"}}}""")]
    [InlineData(HttpStatusCode.OK, """{"data":{}}""")]
    [InlineData(HttpStatusCode.NotFound, """{"statusCode":404,"error":"NotFoundException","messages":["Record not found"]}""")]
    [InlineData(HttpStatusCode.BadRequest, """{"statusCode":400,"error":"BadRequestException","messages":["Invalid UUID"]}""")]
    public async Task GetDeal_TypedAndJsonObjectPaths_GiveTheSameResultOrError(HttpStatusCode status, string answer)
    {
        var id = Guid.Parse("0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f");
        var typed = await OutcomeAsync(answer, deals => deals.GetAsync(id), typedPath: true, status);
        var reference = await OutcomeAsync(answer, deals => deals.GetAsync(id), typedPath: false, status);

        typed.ShouldBe(reference);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, """{"data":{"updateOpportunity":{"id":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f","name":"Live","pipeline":"EXPORT_CLIENTS","exportClientsStage":"PAYMENT","deletedAt":null}}}""")]
    [InlineData(HttpStatusCode.OK, """{"data":{"updateOpportunity":{"id":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f","name":"Gone","deletedAt":"2026-11-27T09:00:00.000Z"}}}""")]
    [InlineData(HttpStatusCode.OK, """{"data":{"updateOpportunity":{"id":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f","amount":{"amountMicros":1e30,"currencyCode":"EUR"}}}}""")]
    [InlineData(HttpStatusCode.OK, """{"data":{"updateOpportunity":null}}""")]
    [InlineData(HttpStatusCode.OK, """{"data":{"updateOpportunity":{"name":"no id"}}}""")]
    [InlineData(HttpStatusCode.OK, """{"data":{"opportunity":{"id":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f"}}}""")]
    [InlineData(HttpStatusCode.OK, """{"data":{}}""")]
    [InlineData(HttpStatusCode.OK, """not json""")]
    [InlineData(HttpStatusCode.NotFound, """{"statusCode":404,"error":"NotFoundException","messages":["Record not found"]}""")]
    [InlineData(HttpStatusCode.BadRequest, """{"statusCode":400,"error":"BadRequestException","messages":["Invalid UUID"]}""")]
    public async Task UpdateDeal_TypedAndJsonObjectPaths_GiveTheSameResultOrError(HttpStatusCode status, string answer)
    {
        var update = new DealUpdate(Guid.Parse("0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f"), []);
        var typed = await OutcomeAsync(answer, deals => deals.UpdateAsync(update), typedPath: true, status);
        var reference = await OutcomeAsync(answer, deals => deals.UpdateAsync(update), typedPath: false, status);

        typed.ShouldBe(reference);
    }

    [Fact]
    public async Task Emulator_UpdatePersonAndDeal_TypedPathEqualsJsonObjectPath_AndTheChangeLands()
    {
        await using var h = new EmulatorHarness();
        await h.ProvisionSodimoFieldsAsync();
        var personId = Guid.Parse(h.Emulator.Seed("people", new JsonObject
        {
            ["name"] = new JsonObject { ["firstName"] = "Ralph", ["lastName"] = "Dupont" },
            ["emails"] = new JsonObject { ["primaryEmail"] = "ralph@sodimo.fr" },
        }).Single()["id"]!.GetValue<string>());
        var pipeline = Schema.Pipelines[0];
        var dealId = Guid.Parse(h.Emulator.Seed("opportunities", new JsonObject
        {
            ["name"] = "Order 1",
            ["pipeline"] = pipeline.Value,
            [pipeline.StageFieldTwentyName] = pipeline.Stages[0].Value,
            ["amount"] = new JsonObject { ["amountMicros"] = 1_250_500_000, ["currencyCode"] = "EUR" },
        }).Single()["id"]!.GetValue<string>());
        var records = h.Services.GetRequiredService<ITwentyRecordsClient>();
        var graphQL = h.Services.GetRequiredService<ITwentyGraphQLClient>();
        var name = Schema.GetField(SodimoObjectNames.Person, "name");
        var health = Schema.GetField(SodimoObjectNames.Opportunity, SodimoFieldNames.Health);

        var rename = new PersonUpdate(personId, [new FieldWrite(name, new PersonName("Ralph", "Dupont-Martin"))], null);
        var typedPerson = await new TwentyPeopleAdapter(records, graphQL).UpdateAsync(rename);
        var referencePerson = await new TwentyPeopleAdapter(new JsonObjectOnly(records), graphQL).UpdateAsync(rename);
        var typedDeal = await new TwentyDealsAdapter(records).UpdateAsync(new DealUpdate(dealId, [new FieldWrite(health, Schema.HealthOption(DealHealth.Red).Value)]));
        var referenceDeal = await new TwentyDealsAdapter(new JsonObjectOnly(records)).UpdateAsync(new DealUpdate(dealId, [new FieldWrite(health, Schema.HealthOption(DealHealth.Red).Value)]));

        typedPerson.Name.ShouldBe(new PersonName("Ralph", "Dupont-Martin"));
        typedPerson.Emails.PrimaryEmail.ShouldBe("ralph@sodimo.fr");
        typedDeal.Health.ShouldBe(DealHealth.Red);
        typedDeal.Amount.ShouldNotBeNull().Amount.ShouldBe(1250.5m);
        // updatedAt moves on the second update; everything else is equal.
        Json(typedPerson with { UpdatedAt = default }).ShouldBe(Json(referencePerson with { UpdatedAt = default }));
        Json(typedDeal with { UpdatedAt = default }).ShouldBe(Json(referenceDeal with { UpdatedAt = default }));
        h.Emulator.FindRecord("people", personId)!["name"]!["lastName"]!.GetValue<string>().ShouldBe("Dupont-Martin");
        h.Emulator.FindRecord("opportunities", dealId)!["health"]!.GetValue<string>().ShouldBe("RED");
    }

    [Fact]
    public async Task Emulator_ListAndGet_TypedPathEqualsJsonObjectPath_CursorsToTheEnd()
    {
        await using var h = new EmulatorHarness();
        await h.ProvisionSodimoFieldsAsync();
        var random = new Random(7);
        var companies = h.Emulator.Seed("companies", new JsonObject { ["name"] = "A" }, new JsonObject { ["name"] = "B" })
            .Select(c => c["id"]!.GetValue<string>()).ToArray();
        var seeded = Enumerable.Range(0, 45).Select(i =>
        {
            var pipeline = Schema.Pipelines[i % Schema.Pipelines.Count];
            var deal = new JsonObject
            {
                ["name"] = $"Order {i}",
                ["pipeline"] = i % 7 == 0 ? null : pipeline.Value,
                [pipeline.StageFieldTwentyName] = pipeline.Stages[i % pipeline.Stages.Count].Value,
                ["health"] = (i % 4) switch { 0 => "GREEN", 1 => "YELLOW", 2 => "RED", _ => null },
                ["clientCode"] = $"C{100000 + (i * 7):D6}",
                ["closeDate"] = new DateTimeOffset(2026, 12, 1 + (i % 28), 0, 0, 0, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture),
                ["companyId"] = i % 5 == 0 ? null : companies[i % 2],
            };
            if (i % 3 != 0)
                deal["amount"] = new JsonObject { ["amountMicros"] = random.NextInt64(0, 10_000_000_000_000), ["currencyCode"] = i % 6 == 1 ? "USD" : "EUR" };
            return deal;
        }).ToArray();
        var ids = h.Emulator.Seed("opportunities", seeded).Select(r => Guid.Parse(r["id"]!.GetValue<string>())).ToArray();
        var records = h.Services.GetRequiredService<ITwentyRecordsClient>();
        // The registered client is the one the ports read through without a JsonObject tree.
        records.ShouldBeAssignableTo<ITwentyTypedReads>();
        await records.DeleteAsync(SodimoTwentyObjects.OpportunityName, ids[3], softDelete: true);
        var typedDeals = new TwentyDealsAdapter(records);
        var referenceDeals = new TwentyDealsAdapter(new JsonObjectOnly(records));

        var typedPages = await AllPagesAsync(typedDeals);
        var referencePages = await AllPagesAsync(referenceDeals);

        typedPages.Count.ShouldBe(3);
        typedPages.SelectMany(p => p.Items).Select(d => d.Id).Distinct().Count().ShouldBe(44);
        Json(typedPages).ShouldBe(Json(referencePages));
        typedPages.SelectMany(p => p.Items).ShouldContain(d => d.Amount != null && d.Stage != null && d.Health != null && d.Pipeline == "Export Clients");
        foreach (var id in ids.Take(10))
            Json(await typedDeals.GetAsync(id)).ShouldBe(Json(await referenceDeals.GetAsync(id)));
        (await typedDeals.GetAsync(ids[3])).ShouldBeNull();
        (await typedDeals.GetAsync(Guid.NewGuid())).ShouldBeNull();
    }

    private static async Task<List<Page<DealRecord>>> AllPagesAsync(TwentyDealsAdapter deals)
    {
        var pages = new List<Page<DealRecord>>();
        string? cursor = null;
        do
        {
            var page = await deals.ListAsync(new DealQuery { Limit = 20, Cursor = cursor });
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return pages;
    }

    private static async Task<string> OutcomeAsync<T>(string answer, Func<TwentyDealsAdapter, Task<T>> call, bool typedPath, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var h = new TwentyClientHarness(new Dictionary<string, string?> { ["Sodimo:Twenty:MaxRetryAttempts"] = "0" });
        var bytes = Encoding.UTF8.GetBytes(answer);
        h.Handler.Then((_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new ByteArrayContent(bytes) }));
        var records = h.Records;
        var deals = new TwentyDealsAdapter(typedPath ? records : new JsonObjectOnly(records));
        try
        {
            return "result " + Json(await call(deals));
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message} / {ex.InnerException?.GetType().Name}: {ex.InnerException?.Message}";
        }
    }

    private static string Page(string pageInfo, string rest) =>
        $$"""{"data":{"opportunities":[{{GoodDeal(1)}},{{GoodDeal(2)}}]},"pageInfo":{{pageInfo}},{{rest}}}""";

    private static string GoodDeal(int n) =>
        $$"""{"id":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6{{n}}","name":"Order {{n}}","pipeline":"EXPORT_CLIENTS","exportClientsStage":"PAYMENT","health":"RED","amount":{"amountMicros":1250500000,"currencyCode":"EUR"},"position":{{n}},"createdAt":"2026-11-27T09:00:00.000Z","updatedAt":"2026-11-27T09:00:00.000Z","deletedAt":null,"companyId":null}""";

    private static DealRecord ReadOne(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
        reader.Read();
        TwentyRecordReaders.Deal.Read(ref reader, out var deal, out _).ShouldBeTrue();
        return deal;
    }

    // 3,000 generated records read both ways: every realistic one is read by the typed reader and agrees; some of the
    // others are declined (and then read the JsonObject way).
    private static void AgreesOnGeneratedRecords<T>(TwentyRecordShape<T> shape, int seed, Func<Random, bool, string> generate)
    {
        var random = new Random(seed);
        int agreed = 0, declined = 0;
        for (var i = 0; i < 3000; i++)
        {
            var realistic = i % 3 == 0;
            var text = generate(random, realistic);
            if (Compare(text, shape))
                agreed++;
            else
            {
                realistic.ShouldBeFalse($"The typed reader declined a plain record: {text}");
                declined++;
            }
        }

        agreed.ShouldBeGreaterThan(2000);
        declined.ShouldBeGreaterThan(0);
    }

    /// <summary>Reads the record both ways; true when the typed reader read it (and then agreed), false when it declined.</summary>
    private static bool Compare<T>(string text, TwentyRecordShape<T> shape)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        string reference;
        bool referenceDeleted = false;
        try
        {
            var node = (JsonObject)JsonNode.Parse(bytes)!;
            referenceDeleted = shape.IsDeleted(node);
            reference = Json(shape.Map(node));
        }
        catch (Exception ex)
        {
            reference = ex.GetType().Name;
        }

        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        bool read;
        T record;
        bool deleted;
        try
        {
            read = shape.Read(ref reader, out record, out deleted);
        }
        catch (Exception ex) when (TwentyTypedReading.Declined(ex))
        {
            return false;
        }

        if (!read)
            return false;
        reader.TokenType.ShouldBe(JsonTokenType.EndObject, text);
        reader.CurrentDepth.ShouldBe(0, text);
        Json(record).ShouldBe(reference, text);
        deleted.ShouldBe(referenceDeleted, text);
        return true;
    }

    private static string GeneratePerson(Random random, bool realistic)
    {
        var parts = new List<(string Name, string Value)>();
        void Add(string name, Func<string> good)
        {
            var roll = random.Next(100);
            if (roll < 15)
                return;
            parts.Add((name, realistic || roll >= 40 ? good() : roll < 25 ? "null" : Weird[random.Next(Weird.Length)]));
        }

        string Text(params string[] options) => !realistic && random.Next(8) == 0 ? Weird[random.Next(Weird.Length)] : Quote(options[random.Next(options.Length)]);
        string Composite(params (string Key, Func<string> Value)[] subs)
        {
            var inner = subs.Where(_ => realistic || random.Next(6) > 0).Select(k => $"{Quote(k.Key)}:{k.Value()}").ToList();
            if (!realistic && random.Next(4) == 0)
                inner.Add("\"extra\":{\"a\":[1]}");
            if (!realistic && random.Next(25) == 0 && inner.Count > 0)
                inner.Add(inner[0]);
            return "{" + string.Join(",", inner.OrderBy(_ => random.Next())) + "}";
        }

        if (realistic || random.Next(10) > 0)
            parts.Add((TwentyRecordMapping.IdField, Quote(Guid.NewGuid().ToString())));
        else
            Add(TwentyRecordMapping.IdField, () => IdText(random));
        Add(TwentyRecordMapping.NameField, () => Composite(("firstName", () => Text("Ralph", "", "Zoë")), ("lastName", () => Text("Dupont", ""))));
        Add(TwentyRecordMapping.EmailsField, () => Composite(
            ("primaryEmail", () => Text("ralph@sodimo.fr", "")),
            ("additionalEmails", () => !realistic && random.Next(4) == 0 ? Weird[random.Next(Weird.Length)] : "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => realistic ? Quote("a@b.fr") : random.Next(3) == 0 ? Weird[random.Next(Weird.Length)] : Quote("x@y.fr"))) + "]")));
        Add(TwentyRecordMapping.PhonesField, () => Composite(
            ("primaryPhoneNumber", () => Text("612345678", "")),
            ("primaryPhoneCallingCode", () => Text("+33", "")),
            ("primaryPhoneCountryCode", () => Text("FR", ""))));
        Add(TwentyRecordMapping.JobTitleField, () => Text("Buyer", ""));
        Add(TwentyRecordMapping.CityField, () => Text("Bordeaux", ""));
        Add(TwentyRecordMapping.CompanyIdField, () => realistic ? Quote(Guid.NewGuid().ToString()) : IdText(random));
        Add(TwentyRecordMapping.CreatedAtField, () => InstantText(random, realistic));
        Add(TwentyRecordMapping.UpdatedAtField, () => InstantText(random, realistic));
        Add(TwentyRecordMapping.DeletedAtField, () => random.Next(3) == 0 ? InstantText(random, realistic) : "null");
        foreach (var unknown in new[] { "position", "avatarUrl", "linkedinLink", "company" })
        {
            if (random.Next(2) == 0)
                parts.Add((unknown, Weird[random.Next(Weird.Length)]));
        }

        if (!realistic && random.Next(20) == 0 && parts.Count > 0)
            parts.Add(parts[random.Next(parts.Count)]);
        return "{" + string.Join(",", parts.OrderBy(_ => random.Next()).Select(p => $"{NameText(random, p.Name, realistic)}:{p.Value}")) + "}";
    }

    private static string GenerateDeal(Random random, bool realistic)
    {
        var parts = new List<(string Name, string Value)>();
        void Add(string name, Func<string> good)
        {
            var roll = random.Next(100);
            if (roll < 15)
                return;
            var value = realistic || roll >= 40 ? good() : roll < 25 ? "null" : Weird[random.Next(Weird.Length)];
            parts.Add((name, value));
        }

        if (realistic || random.Next(10) > 0)
            parts.Add((TwentyRecordMapping.IdField, Quote(Guid.NewGuid().ToString())));
        else
            Add(TwentyRecordMapping.IdField, () => IdText(random));
        foreach (var f in IdFields.Skip(1))
            Add(f, () => realistic ? Quote(Guid.NewGuid().ToString()) : IdText(random));
        foreach (var f in StringFields)
            Add(f, () => StringText(random, f, realistic));
        foreach (var f in InstantFields)
            Add(f, () => InstantText(random, realistic));
        Add(TwentyRecordMapping.AmountField, () => MoneyText(random, realistic));
        Add(TwentyRecordMapping.DeletedAtField, () => random.Next(3) == 0 ? InstantText(random, realistic) : "null");
        foreach (var unknown in new[] { "position", "createdBy", "searchVector", "company", "x\\u0041y" })
        {
            if (random.Next(2) == 0)
                parts.Add((unknown, Weird[random.Next(Weird.Length)]));
        }

        if (!realistic && random.Next(20) == 0 && parts.Count > 0)
            parts.Add(parts[random.Next(parts.Count)]);
        var shuffled = parts.OrderBy(_ => random.Next()).Select(p => $"{NameText(random, p.Name, realistic)}:{p.Value}");
        return "{" + string.Join(",", shuffled) + "}";
    }

    private static string NameText(Random random, string name, bool realistic) =>
        !realistic && random.Next(15) == 0 && name.Length > 1
            ? "\"\\u" + ((int)name[0]).ToString("x4", CultureInfo.InvariantCulture) + name[1..] + "\""
            : Quote(name);

    private static string Quote(string s) => JsonSerializer.Serialize(s);

    private static string IdText(Random random) => random.Next(7) switch
    {
        0 => Quote(Guid.NewGuid().ToString("N")),
        1 => Quote(Guid.NewGuid().ToString("B")),
        2 => Quote(Guid.NewGuid().ToString().ToUpperInvariant()),
        3 => Quote(" " + Guid.NewGuid() + " "),
        4 => "\"\\u0030b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f\"",
        5 => Quote("not-a-uuid"),
        _ => Quote(Guid.NewGuid().ToString()),
    };

    private static string StringText(Random random, string field, bool realistic)
    {
        var pipeline = Schema.Pipelines[random.Next(Schema.Pipelines.Count)];
        var options = new List<string> { "Order 1", "Café \"Le Port\"", "", "C100007", "SO-2026-0042" };
        if (field == TwentyRecordMapping.DealPipeline)
            options = [pipeline.Value, pipeline.Name, pipeline.Value.ToLowerInvariant(), "UNKNOWN_PIPELINE"];
        else if (field == TwentyRecordMapping.DealHealthField)
            options = ["GREEN", "YELLOW", "RED", "red", "Green", "PURPLE"];
        else if (Schema.Pipelines.FirstOrDefault(p => p.StageFieldTwentyName == field) is { } owner)
            options = [.. owner.Stages.Select(s => s.Value), owner.Stages[0].Name, "UNKNOWN_STAGE"];
        var value = options[random.Next(options.Count)];
        return !realistic && random.Next(10) == 0 ? "\"\\u00e9" + Quote(value)[1..] : Quote(value);
    }

    private static string InstantText(Random random, bool realistic)
    {
        var t = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(random.Next(0, 30_000_000)).AddMilliseconds(random.Next(1000));
        var options = realistic
            ? new[] { t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) }
            : [
                t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                t.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                t.UtcDateTime.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture),
                "2026-02-30T00:00:00Z",
                "garbage",
            ];
        return Quote(options[random.Next(options.Length)]);
    }

    private static string MoneyText(Random random, bool realistic)
    {
        var micros = random.NextInt64(-1_000_000_000, 10_000_000_000_000).ToString(CultureInfo.InvariantCulture);
        if (realistic)
            return random.Next(5) == 0 ? $$"""{"amountMicros":null,"currencyCode":"EUR"}""" : $$"""{"amountMicros":{{micros}},"currencyCode":"{{(random.Next(2) == 0 ? "EUR" : "USD")}}"}""";
        string[] amounts = [micros, Quote(micros), "1.5e9", "0.5", "\"abc\"", "null", "true", "{}", "1e40", "123456789012345678901234567890123", Quote("1e3")];
        string[] currencies = ["\"EUR\"", "null", "12", "{}", "\"\""];
        var inner = new List<string>();
        if (random.Next(5) > 0)
            inner.Add($"\"amountMicros\":{amounts[random.Next(amounts.Length)]}");
        if (random.Next(5) > 0)
            inner.Add($"\"currencyCode\":{currencies[random.Next(currencies.Length)]}");
        if (random.Next(3) == 0)
            inner.Add("\"extra\":[1,{\"a\":2}]");
        return random.Next(8) == 0 ? Weird[random.Next(Weird.Length)] : "{" + string.Join(",", inner.OrderBy(_ => random.Next())) + "}";
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    /// <summary>The SDK's records client seen only through <see cref="ITwentyRecordsClient"/>: the adapters then read through JsonObject.</summary>
    private sealed class JsonObjectOnly(ITwentyRecordsClient inner) : ITwentyRecordsClient
    {
        public Task<TwentyRecordPage> FindManyAsync(TwentyObjectName obj, TwentyFindManyQuery? query = null, CancellationToken cancellationToken = default) =>
            inner.FindManyAsync(obj, query, cancellationToken);

        public IAsyncEnumerable<JsonObject> FindAllAsync(TwentyObjectName obj, TwentyFindManyQuery? query = null, CancellationToken cancellationToken = default) =>
            inner.FindAllAsync(obj, query, cancellationToken);

        public Task<JsonObject?> FindOneAsync(TwentyObjectName obj, Guid id, CancellationToken cancellationToken = default) =>
            inner.FindOneAsync(obj, id, cancellationToken);

        public Task<JsonObject> CreateAsync(TwentyObjectName obj, JsonObject record, CancellationToken cancellationToken = default) =>
            inner.CreateAsync(obj, record, cancellationToken);

        public Task<JsonObject> UpsertAsync(TwentyObjectName obj, JsonObject record, CancellationToken cancellationToken = default) =>
            inner.UpsertAsync(obj, record, cancellationToken);

        public Task<IReadOnlyList<JsonObject>> CreateManyAsync(TwentyObjectName obj, IReadOnlyList<JsonObject> records, bool upsert = false, CancellationToken cancellationToken = default) =>
            inner.CreateManyAsync(obj, records, upsert, cancellationToken);

        public Task<JsonObject> UpdateAsync(TwentyObjectName obj, Guid id, JsonObject changes, CancellationToken cancellationToken = default) =>
            inner.UpdateAsync(obj, id, changes, cancellationToken);

        public Task<Guid> DeleteAsync(TwentyObjectName obj, Guid id, bool softDelete = false, CancellationToken cancellationToken = default) =>
            inner.DeleteAsync(obj, id, softDelete, cancellationToken);
    }
}
