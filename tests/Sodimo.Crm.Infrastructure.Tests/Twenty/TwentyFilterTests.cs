using Sodimo.Crm.Infrastructure.Twenty;

namespace Sodimo.Crm.Infrastructure.Tests.Twenty;

public sealed class TwentyFilterTests
{
    [Fact]
    public void Build_TypedValues_WritesTwentysGrammar()
    {
        var filter = TwentyFilter.And(
            TwentyFilter.Eq("clientCode", TwentyFilterValue.ClientCode("C100007")),
            TwentyFilter.In("exportClientsStage", [TwentyFilterValue.EnumValue("PAYMENT"), TwentyFilterValue.EnumValue("PROFORMA_SENT")]),
            TwentyFilter.Gte("createdAt", TwentyFilterValue.Timestamp(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)))),
            TwentyFilter.Lt("closeDate", TwentyFilterValue.Date(new DateOnly(2026, 12, 31))),
            TwentyFilter.Gt("amount.amountMicros", TwentyFilterValue.Number(1_500_000L)),
            TwentyFilter.Eq("halalCert", TwentyFilterValue.Boolean(true)),
            TwentyFilter.Or(
                TwentyFilter.Eq("companyId", TwentyFilterValue.Uuid(Guid.Parse("0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f"))),
                TwentyFilter.Not(TwentyFilter.IsNull("deletedAt"))));

        filter.ToString().ShouldBe(
            "and(clientCode[eq]:C100007,exportClientsStage[in]:[PAYMENT,PROFORMA_SENT],createdAt[gte]:\"2026-01-02T02:04:05.000Z\","
            + "closeDate[lt]:\"2026-12-31\",amount.amountMicros[gt]:1500000,halalCert[eq]:true,"
            + "or(companyId[eq]:0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f,not(deletedAt[is]:NULL)))");
    }

    [Fact]
    public void Number_Decimal_UsesInvariantDot()
    {
        TwentyFilter.Lte("arBalance.amountMicros", TwentyFilterValue.Number(12.5m)).ToString().ShouldBe("arBalance.amountMicros[lte]:12.5");
    }

    [Theory]
    [InlineData("x\" , or(id[neq]:\"0\")")]
    [InlineData("C1,C2")]
    [InlineData("C1)")]
    [InlineData("C1(")]
    [InlineData("C1]")]
    [InlineData("[C1")]
    [InlineData("C1'")]
    [InlineData("C1\"")]
    [InlineData("%C1%")]
    [InlineData("c100007")]
    [InlineData(" C100007")]
    [InlineData("C100007\n")]
    [InlineData("")]
    [InlineData("-C1")]
    [InlineData("C1:x")]
    public void ClientCode_InjectionOrMalformed_Refused(string text)
    {
        Should.Throw<ArgumentException>(() => TwentyFilterValue.ClientCode(text));
        TwentyFilterValue.IsClientCode(text).ShouldBeFalse();
    }

    [Theory]
    [InlineData("C100007")]
    [InlineData("EXP-2026_01")]
    [InlineData("7")]
    public void ClientCode_WellFormed_Accepted(string text) =>
        TwentyFilter.Eq("clientCode", TwentyFilterValue.ClientCode(text)).ToString().ShouldBe($"clientCode[eq]:{text}");

    [Theory]
    [InlineData("payment")]
    [InlineData("PAYMENT,RED")]
    [InlineData("PAYMENT)")]
    [InlineData("A B")]
    [InlineData("_A")]
    [InlineData("")]
    public void EnumValue_NotUpperSnake_Refused(string text) =>
        Should.Throw<ArgumentException>(() => TwentyFilterValue.EnumValue(text));

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("{0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f}")]
    [InlineData("0b4b1b4e7a574f8e9a4e1d2b3c4d5e6f")]
    [InlineData("0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f,x")]
    [InlineData("../")]
    public void Uuid_Text_NotCanonical_Refused(string text) =>
        Should.Throw<ArgumentException>(() => TwentyFilterValue.Uuid(text));

    [Theory]
    [InlineData("name[eq]:x,id")]
    [InlineData("createdBy)")]
    [InlineData("emails.primaryEmail.x")]
    [InlineData("Name")]
    [InlineData("")]
    [InlineData("a b")]
    public void Field_NotAFieldPath_Refused(string field)
    {
        Should.Throw<ArgumentException>(() => TwentyFilter.Eq(field, TwentyFilterValue.Number(1)));
        Should.Throw<ArgumentException>(() => TwentyFilter.IsNull(field));
        Should.Throw<ArgumentException>(() => new TwentySort(field));
    }

    [Fact]
    public void DefaultValue_AndEmptyLists_Refused()
    {
        Should.Throw<ArgumentException>(() => TwentyFilter.Eq("id", default));
        Should.Throw<ArgumentException>(() => TwentyFilter.In("id", []));
        Should.Throw<ArgumentException>(() => TwentyFilter.And());
    }

    [Fact]
    public void Sort_WritesOrderBy()
    {
        TwentySort.ToOrderBy([new TwentySort("createdAt", TwentySortDirection.DescNullsLast), new TwentySort("name.firstName")])
            .ShouldBe("createdAt[DescNullsLast],name.firstName[AscNullsFirst]");
        TwentySort.ToOrderBy([]).ShouldBeNull();
    }
}
