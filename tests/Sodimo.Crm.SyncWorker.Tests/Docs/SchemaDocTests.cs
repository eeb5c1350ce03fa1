using System.Globalization;
using System.Text;
using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.SyncWorker.Cli;

namespace Sodimo.Crm.SyncWorker.Tests.Docs;

/// <summary>
/// Keeps docs/schema.md in step with <see cref="SodimoSchema"/>: the part between the markers is generated. Run with
/// SODIMO_UPDATE_DOCS=1 to rewrite it after changing the schema.
/// </summary>
public class SchemaDocTests
{
    private const string Begin = "<!-- BEGIN GENERATED: SodimoSchema (SODIMO_UPDATE_DOCS=1 dotnet test tests/Sodimo.Crm.SyncWorker.Tests) -->";
    private const string End = "<!-- END GENERATED -->";

    [Fact]
    public void SchemaDoc_GeneratedSection_MatchesSodimoSchema()
    {
        var path = Path.Combine(RepoRoot(), "docs", "schema.md");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, "docs/schema.md lacks the BEGIN GENERATED marker");
        end.ShouldBeGreaterThan(start, "docs/schema.md lacks the END GENERATED marker");

        var generated = Generate(SodimoSchema.Current);
        var current = text[(start + Begin.Length)..end];
        if (Environment.GetEnvironmentVariable("SODIMO_UPDATE_DOCS") == "1" && current != generated)
        {
            File.WriteAllText(path, text[..(start + Begin.Length)] + generated + text[end..]);
            current = generated;
        }

        current.ShouldBe(generated, "docs/schema.md is out of step with SodimoSchema; run SODIMO_UPDATE_DOCS=1 dotnet test tests/Sodimo.Crm.SyncWorker.Tests");
    }

    [Fact]
    public void SchemaDoc_ExitCodes_AreAllDocumented()
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "schema.md"));
        foreach (var code in typeof(ExitCodes).GetFields().Select(f => (int)f.GetValue(null)!))
        {
            text.ShouldContain($"| {code} |");
        }
    }

    internal static string Generate(SodimoSchema schema)
    {
        var sb = new StringBuilder("\n\n### Objects and fields\n\n");
        sb.Append("| Object | Sodimo name | Twenty name | Twenty type | Origin | Provisioning | Notes |\n");
        sb.Append("|---|---|---|---|---|---|---|\n");
        foreach (var obj in schema.Objects)
        {
            foreach (var f in obj.Fields)
            {
                var notes = new List<string>();
                if (f.IsUnique)
                {
                    notes.Add("unique");
                }

                if (f.SetOnlyAtCreation)
                {
                    notes.Add("set by the sync only when it creates the record");
                }

                if (f.CurrencyCode is { } currency)
                {
                    notes.Add(currency);
                }

                if (f.Relation is { } r)
                {
                    notes.Add($"many-to-one to {r.TargetObject}; inverse `{r.InverseTwentyName}`");
                }

                if (f.Options.Count > 0)
                {
                    notes.Add("options " + string.Join(", ", f.Options.Select(o => $"`{o.Value}` ({o.ColorApiName})")));
                }

                var provisioning = f.IsStandard ? (obj.IsCustom ? "created with the object" : "standard, checked") : "created";
                sb.Append(CultureInfo.InvariantCulture,
                    $"| {obj.Name} (`{obj.NamePlural}`{(obj.IsCustom ? ", custom" : "")}) | `{f.SodimoName}` | `{f.TwentyName}` | {f.Type.ToApiName()} | {f.Origin} | {provisioning} | {string.Join("; ", notes)} |\n");
            }
        }

        sb.Append("\n### Pipelines (Opportunity `pipeline` + one stage field per pipeline)\n\n");
        sb.Append("| Pipeline (`pipeline` value) | Stage field | # | Stage | Option value | Colour | Rotting threshold |\n");
        sb.Append("|---|---|---|---|---|---|---|\n");
        foreach (var p in schema.Pipelines)
        {
            foreach (var s in p.Stages)
            {
                var threshold = s.RottingThreshold is { } t ? $"{t.TotalDays.ToString(CultureInfo.InvariantCulture)} d" : "none";
                sb.Append(CultureInfo.InvariantCulture,
                    $"| {p.Name} (`{p.Value}`) | `{p.StageFieldTwentyName}` | {s.Position + 1} | {s.Name} | `{s.Value}` | {s.Color.ToString().ToLowerInvariant()} | {threshold} |\n");
            }
        }

        sb.Append("\n### Health (Opportunity `health`)\n\n| Value | Label | Colour |\n|---|---|---|\n");
        foreach (var o in schema.HealthOptions)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| `{o.Value}` | {o.Label} | {o.ColorApiName} |\n");
        }

        return sb.Append('\n').ToString();
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sodimo.Crm.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Sodimo.Crm.sln not found above " + AppContext.BaseDirectory);
    }
}
