using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Sync;

namespace Sodimo.Crm.SyncWorker.Sync;

/// <summary>Renders a sync report: the JSON file (everything) and the one-screen summary (the gist, with the first rows).</summary>
internal static class SyncReportWriter
{
    private const int ShownRows = 15;

    private static readonly JsonSerializerOptions Json = CreateJson();

    public static string ToJson(SodiwinSyncReport report) => JsonSerializer.Serialize(report, Json);

    public static string Summary(SodiwinSyncReport report, string? reportPath)
    {
        var s = new StringBuilder();
        var plan = report.Plan;
        var rejected = report.AllRejections.ToArray();
        s.Append(CultureInfo.InvariantCulture, $"Sodiwin sync {report.RunId}{(report.DryRun ? " (dry run: nothing written)" : string.Empty)}\n");
        var detail = report.Encoding is not null ? $" ({report.Encoding})" : report.Batch is not null ? $" batch {report.Batch}" : string.Empty;
        s.Append(CultureInfo.InvariantCulture, $"  source   {report.Source}{detail}, {report.RecordCount} record(s)\n");
        if (report.DryRun)
        {
            s.Append(CultureInfo.InvariantCulture,
                $"  plan     {plan.Creates.Count} to create, {plan.Updates.Count} to update, {plan.Unchanged.Count} unchanged, {rejected.Length} rejected\n");
        }
        else
        {
            s.Append(CultureInfo.InvariantCulture,
                $"  result   {report.Created} created, {report.Updated} updated, {plan.Unchanged.Count} unchanged, {rejected.Length} rejected\n");
        }

        s.Append(CultureInfo.InvariantCulture,
            $"  calls    {report.ReadCalls} read + {report.WriteCalls} write = {report.ReadCalls + report.WriteCalls} (lower bound {report.LowerBoundCalls})\n");
        if (report.IgnoredColumns.Count > 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"  ignored  columns {string.Join(", ", report.IgnoredColumns)}\n");
        }

        if (report.DryRun || plan.Creates.Count + plan.Updates.Count <= ShownRows)
        {
            foreach (var c in plan.Creates.Take(ShownRows))
            {
                s.Append(CultureInfo.InvariantCulture, $"  + {c.ClientCode,-10} create  {report.RowUnit} {c.LineNumber}: {Value(c.Changes.FirstOrDefault(f => f.Field == "name")?.New)}\n");
            }

            More(s, plan.Creates.Count, "create");
            foreach (var u in plan.Updates.Take(ShownRows))
            {
                s.Append(CultureInfo.InvariantCulture,
                    $"  ~ {u.ClientCode,-10} update  {string.Join("; ", u.Changes.Select(f => $"{f.TwentyName}: {Value(f.Old)} → {Value(f.New)}"))}\n");
            }

            More(s, plan.Updates.Count, "update");
        }

        foreach (var r in rejected.Take(ShownRows))
        {
            s.Append(CultureInfo.InvariantCulture, $"  ! {report.RowUnit} {r.LineNumber,-6} {r.Kind,-16} {r.ClientCode ?? "-",-10} {r.Reason}\n");
        }

        More(s, rejected.Length, "rejection");
        if (report.Error is not null)
        {
            s.Append(CultureInfo.InvariantCulture, $"  error    {report.Error}\n");
        }

        if (reportPath is not null)
        {
            s.Append(CultureInfo.InvariantCulture, $"  report   {reportPath}\n");
        }

        s.Append(CultureInfo.InvariantCulture, $"  outcome  {Describe(report.Outcome)} (exit {SyncCommand.ExitCodeOf(report.Outcome)})\n");
        return s.ToString();
    }

    private static void More(StringBuilder s, int count, string what)
    {
        if (count > ShownRows)
        {
            s.Append(CultureInfo.InvariantCulture, $"    … and {count - ShownRows} more {what}(s): see the JSON report\n");
        }
    }

    private static string Describe(SyncOutcome outcome) => outcome switch
    {
        SyncOutcome.Succeeded => "all good",
        SyncOutcome.CompletedWithRejections => "done, with rejected rows",
        _ => "failed",
    };

    private static string Value(object? value) => value switch
    {
        null => "∅",
        Money m => $"{m.Amount.ToString(CultureInfo.InvariantCulture)} {m.CurrencyCode}",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IReadOnlyList<string> list => "[" + string.Join("|", list) + "]",
        PostalAddress a => string.Join(", ", new[] { a.Street1, a.Street2, a.Postcode, a.City, a.Country }.Where(p => !string.IsNullOrEmpty(p))),
        string t => "\"" + t + "\"",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
