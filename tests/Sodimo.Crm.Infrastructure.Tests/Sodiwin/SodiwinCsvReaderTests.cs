using System.Text;
using Sodimo.Crm.Domain.Sodiwin;
using Sodimo.Crm.Infrastructure.Sodiwin;

namespace Sodimo.Crm.Infrastructure.Tests.Sodiwin;

public sealed class SodiwinCsvReaderTests
{
    private static SodiwinDump Read(byte[] bytes, SodimoSodiwinCsvOptions? options = null) =>
        new SodiwinCsvReader(options).Read(new MemoryStream(bytes), "test.csv");

    [Fact]
    public void ReadFile_Fixture_ReadsEveryClientTyped()
    {
        var dump = new SodiwinCsvReader().ReadFile(SodiwinCsvText.FixturePath);

        dump.Errors.ShouldBeEmpty();
        dump.RecordCount.ShouldBe(200);
        dump.Clients.Count.ShouldBe(200);
        dump.Encoding.ShouldBe("windows-1252");
        dump.IgnoredColumns.ShouldBeEmpty();
        dump.Clients.Select(c => c.ClientCode).Distinct().Count().ShouldBe(200);

        var first = dump.Clients[0];
        first.LineNumber.ShouldBe(2);
        first.ClientCode.ShouldBe("C100000");
        first.Name.ShouldBe("Restaurant des Halles");
        first.ArBalance.ShouldBe(20442.49m);
        first.ArAgingBucket.ShouldBe("NON_ECHU");
        first.ArLastPaymentAt.ShouldBe(new DateOnly(2026, 5, 16));
        first.BrandExclusivity.ShouldBeEmpty();
        first.BrandContractExpiry.ShouldBeNull();
        first.LastOrderDate.ShouldBe(new DateOnly(2025, 8, 12));
        first.LastOrderAmount.ShouldBe(20336.83m);
        first.LastOrderTopSkus.ShouldBe(["VR0020", "VR0045", "SP0046"]);
        first.AddressStreet2.ShouldBeNull();

        var second = dump.Clients[1];
        second.BrandExclusivity.ShouldBe(["Bodega Alcázar", "Cognac Frères Roc", "Clos Sainte-Agnès"]);
        second.BrandContractExpiry.ShouldBe(new DateOnly(2028, 5, 27));

        var quoted = dump.Clients.Single(c => c.ClientCode == "C100175");
        quoted.LineNumber.ShouldBe(27);
        quoted.Name.ShouldBe("Restaurant Le Zinc ; Fils & Cie");
        quoted.AddressStreet1.ShouldBe("30 rue Saint-Éloi");

        dump.Clients.Single(c => c.ClientCode == "C100098").ArBalance.ShouldBe(-136.81m);
    }

    [Fact]
    public void Read_Utf8WithBom_ReadsTheSameClientsAsWindows1252()
    {
        var cp1252 = File.ReadAllBytes(SodiwinCsvText.FixturePath);
        var text = SodiwinCsvText.Windows1252.GetString(cp1252);
        var utf8 = (byte[])[.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];

        var fromCp1252 = Read(cp1252);
        var fromUtf8 = Read(utf8);

        fromUtf8.Encoding.ShouldBe("utf-8");
        fromUtf8.Clients.Count.ShouldBe(200);
        fromUtf8.Clients.Select(c => c with { BrandExclusivity = [], LastOrderTopSkus = [] })
            .ShouldBe(fromCp1252.Clients.Select(c => c with { BrandExclusivity = [], LastOrderTopSkus = [] }));
        fromUtf8.Clients.SelectMany(c => c.BrandExclusivity).ShouldBe(fromCp1252.Clients.SelectMany(c => c.BrandExclusivity));
        fromUtf8.Clients[0].ClientCode.ShouldBe("C100000"); // the byte order mark is not part of the first header name
    }

    [Fact]
    public void Read_Utf8WithoutBom_IsDetected()
    {
        var bytes = SodiwinCsvText.Bytes(new UTF8Encoding(false), bom: false, "\r\n",
            SodiwinCsvText.Header, SodiwinCsvText.Row("C1", ("RAISON_SOCIALE", "Hôtel Bellecour")));

        var dump = Read(bytes);

        dump.Encoding.ShouldBe("utf-8");
        dump.Clients.Single().Name.ShouldBe("Hôtel Bellecour");
    }

    [Fact]
    public void Read_Windows1252Bytes_DecodeAccentsAndEuroSign()
    {
        var bytes = SodiwinCsvText.Dump(SodiwinCsvText.Row("C1", ("RAISON_SOCIALE", "Société Œnophile €")));

        Read(bytes).Clients.Single().Name.ShouldBe("Société Œnophile €");
    }

    [Fact]
    public void Read_ForcedEncoding_OverridesDetection()
    {
        var bytes = SodiwinCsvText.Bytes(new UTF8Encoding(false), bom: false, "\r\n",
            SodiwinCsvText.Header, SodiwinCsvText.Row("C1", ("RAISON_SOCIALE", "Hôtel")));

        var dump = Read(bytes, new SodimoSodiwinCsvOptions { Encoding = "windows-1252" });

        dump.Clients.Single().Name.ShouldBe("HÃ´tel");
    }

    [Fact]
    public void Read_QuotedFieldsWithSeparatorsQuotesAndLineBreaks_KeepLineNumbers()
    {
        var bytes = SodiwinCsvText.Dump(
            SodiwinCsvText.Row("C1", ("RAISON_SOCIALE", "\"Cave ; \"\"Le Zinc\"\"\""), ("ADRESSE_1", "\"Bâtiment B\r\n12 rue du Port\"")),
            SodiwinCsvText.Row("C2", ("SOLDE", "abc")));

        var dump = Read(bytes);

        var client = dump.Clients.Single();
        client.Name.ShouldBe("Cave ; \"Le Zinc\"");
        client.AddressStreet1.ShouldBe("Bâtiment B\r\n12 rue du Port");
        client.LineNumber.ShouldBe(2);
        var error = dump.Errors.Single();
        error.LineNumber.ShouldBe(4); // C1 spans lines 2 and 3
        error.ClientCode.ShouldBe("C2");
    }

    [Fact]
    public void Read_BadRows_AreReportedWithLineAndReasonAndTheRestIsRead()
    {
        var bytes = SodiwinCsvText.Dump(
            SodiwinCsvText.Row("C1"),
            SodiwinCsvText.Row("C2", ("SOLDE", "12.50")),
            SodiwinCsvText.Row("C3", ("DATE_DERNIERE_CDE", "2026-04-03")),
            "C4;Cave courte;CAVISTE",
            SodiwinCsvText.Row("  "),
            SodiwinCsvText.Row("C6", ("MONTANT_DERNIERE_CDE", "1 234,56")),
            SodiwinCsvText.Row("C7;x"),
            SodiwinCsvText.Row("C8", ("TRANCHE_AGE", "120+")),
            SodiwinCsvText.Row("C9", ("DATE_FIN_CONTRAT", "31/02/2027"), ("SOLDE", "N/A")),
            SodiwinCsvText.Row("C10") + ";extra",
            SodiwinCsvText.Row("x\"),or(id[is]:NULL"));

        var dump = Read(bytes);

        dump.RecordCount.ShouldBe(11);
        dump.Clients.Select(c => c.ClientCode).ShouldBe(["C1", "C6"]);
        dump.Clients[1].LastOrderAmount.ShouldBe(1234.56m);
        dump.Errors.Select(e => (e.LineNumber, e.Kind, e.ClientCode)).ShouldBe(
        [
            (3, SodiwinRowErrorKind.InvalidNumber, "C2"),
            (4, SodiwinRowErrorKind.InvalidDate, "C3"),
            (5, SodiwinRowErrorKind.ShortRow, "C4"),
            (6, SodiwinRowErrorKind.MissingKey, null),
            (8, SodiwinRowErrorKind.LongRow, "C7"),
            (9, SodiwinRowErrorKind.InvalidValue, "C8"),
            (10, SodiwinRowErrorKind.InvalidNumber, "C9"),
            (11, SodiwinRowErrorKind.LongRow, "C10"),
            (12, SodiwinRowErrorKind.InvalidKey, "X\"),OR(ID[IS]:NULL"),
        ]);
        dump.Errors[0].Reason.ShouldContain("SOLDE \"12.50\"");
        dump.Errors[1].Reason.ShouldContain("DATE_DERNIERE_CDE \"2026-04-03\"");
        dump.Errors[2].Reason.ShouldContain("3 field(s) where the header has 19");
        dump.Errors[6].Reason.ShouldContain("unparseable number: SOLDE \"N/A\"");
        dump.Errors[6].Reason.ShouldContain("unparseable date: DATE_FIN_CONTRAT \"31/02/2027\"");
    }

    [Fact]
    public void Read_KeyIsTrimmedAndUpperCased()
    {
        var dump = Read(SodiwinCsvText.Dump(SodiwinCsvText.Row("  c100007 ")));

        dump.Clients.Single().ClientCode.ShouldBe("C100007");
    }

    [Fact]
    public void Read_LfOnlyAndNoFinalNewline_AreRead()
    {
        var text = SodiwinCsvText.Header + "\n" + SodiwinCsvText.Row("C1") + "\n" + SodiwinCsvText.Row("C2", ("SOLDE", "x"));
        var dump = Read(SodiwinCsvText.Windows1252.GetBytes(text));

        dump.Clients.Single().ClientCode.ShouldBe("C1");
        dump.Errors.Single().LineNumber.ShouldBe(3);
    }

    [Fact]
    public void Read_BlankLines_AreNotRecords()
    {
        var dump = Read(SodiwinCsvText.Dump(SodiwinCsvText.Row("C1"), "", SodiwinCsvText.Row("C2")));

        dump.Clients.Select(c => (c.ClientCode, c.LineNumber)).ShouldBe([("C1", 2), ("C2", 4)]);
        dump.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Read_HeaderOnly_GivesNoClients()
    {
        var dump = Read(SodiwinCsvText.Dump());

        dump.RecordCount.ShouldBe(0);
        dump.Clients.ShouldBeEmpty();
    }

    [Fact]
    public void Read_EmptyFile_Throws()
    {
        Should.Throw<SodiwinDumpException>(() => Read([])).Message.ShouldContain("empty or its header");
    }

    [Fact]
    public void Read_MissingMappedColumn_ThrowsNamingIt()
    {
        var header = SodiwinCsvText.Header.Replace(";SOLDE;", ";BALANCE;", StringComparison.Ordinal);
        var bytes = SodiwinCsvText.Bytes(SodiwinCsvText.Windows1252, false, "\r\n", header);

        Should.Throw<SodiwinDumpException>(() => Read(bytes)).Message.ShouldContain("lacks column(s) SOLDE");
    }

    [Fact]
    public void Read_DuplicateMappedColumn_Throws()
    {
        var bytes = SodiwinCsvText.Bytes(SodiwinCsvText.Windows1252, false, "\r\n", SodiwinCsvText.Header + ";SOLDE");

        Should.Throw<SodiwinDumpException>(() => Read(bytes)).Message.ShouldContain("\"SOLDE\" more than once");
    }

    [Fact]
    public void Read_ConfiguredMapping_ReadsRenamedAndReorderedColumnsAndReportsUnmappedOnes()
    {
        var header = "NOTE;" + SodiwinCsvText.Header.Replace("CODE_CLIENT", "ClientId", StringComparison.Ordinal);
        var row = "libre;" + SodiwinCsvText.Row("C1");
        var options = new SodimoSodiwinCsvOptions();
        options.Columns.ClientCode = "clientid";

        var dump = Read(SodiwinCsvText.Bytes(SodiwinCsvText.Windows1252, false, "\r\n", header, row), options);

        dump.Clients.Single().ClientCode.ShouldBe("C1");
        dump.IgnoredColumns.ShouldBe(["NOTE"]);
    }

    [Fact]
    public void Read_ConfiguredDelimiterAndListSeparator_AreUsed()
    {
        var options = new SodimoSodiwinCsvOptions { Delimiter = '\t', ListSeparator = ',' };
        var header = SodiwinCsvText.Header.Replace(';', '\t');
        var row = SodiwinCsvText.Row("C1", ("TOP_ARTICLES", "A1,A2")).Replace(';', '\t');

        var dump = Read(SodiwinCsvText.Bytes(SodiwinCsvText.Windows1252, false, "\r\n", header, row), options);

        dump.Clients.Single().LastOrderTopSkus.ShouldBe(["A1", "A2"]);
    }

    [Fact]
    public void Read_UnbalancedQuote_IsReportedAndEarlierRowsKept()
    {
        var bytes = SodiwinCsvText.Dump(
            SodiwinCsvText.Row("C1"),
            SodiwinCsvText.Row("C2", ("RAISON_SOCIALE", "\"Cave \"Le\" Zinc")),
            SodiwinCsvText.Row("C3"));

        var dump = Read(bytes);

        dump.Clients.Select(c => c.ClientCode).ShouldContain("C1");
        dump.Clients.Select(c => c.ClientCode).ShouldNotContain("C2");
        dump.Errors.ShouldNotBeEmpty();
        dump.Errors[0].LineNumber.ShouldBe(3);
    }

    [Fact]
    public void Options_Invalid_AreRefused()
    {
        Should.Throw<ArgumentException>(() => new SodiwinCsvReader(new SodimoSodiwinCsvOptions { Encoding = "latin-9" }));
        Should.Throw<ArgumentException>(() => new SodiwinCsvReader(new SodimoSodiwinCsvOptions { Delimiter = '|' }));
        var emptyColumn = new SodimoSodiwinCsvOptions();
        emptyColumn.Columns.ArBalance = " ";
        Should.Throw<ArgumentException>(() => new SodiwinCsvReader(emptyColumn)).Message.ShouldContain("ArBalance");
        var twice = new SodimoSodiwinCsvOptions();
        twice.Columns.ArBalance = "VILLE";
        Should.Throw<ArgumentException>(() => new SodiwinCsvReader(twice)).Message.ShouldContain("VILLE");
    }
}
