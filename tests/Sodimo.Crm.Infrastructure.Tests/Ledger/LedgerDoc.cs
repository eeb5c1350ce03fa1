using System.Text.RegularExpressions;

namespace Sodimo.Crm.Infrastructure.Tests.Ledger;

/// <summary>Reads statements out of docs/ledger.md, so the tests run exactly what the documentation shows.</summary>
public static partial class LedgerDoc
{
    /// <summary>The repository's root (the folder holding Sodimo.Crm.sln).</summary>
    public static string RepositoryRoot()
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

    /// <summary>The SQL block that follows the <c>&lt;!-- query: by-skill --&gt;</c> marker in docs/ledger.md.</summary>
    public static string BySkillQuery()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "ledger.md"));
        var match = BySkillBlock().Match(text);
        match.Success.ShouldBeTrue("docs/ledger.md has no ```sql block after <!-- query: by-skill -->");
        return match.Groups["sql"].Value;
    }

    [GeneratedRegex(@"<!-- query: by-skill -->\s*```sql\n(?<sql>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BySkillBlock();
}
