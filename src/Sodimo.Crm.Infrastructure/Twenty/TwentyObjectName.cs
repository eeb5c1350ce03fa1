using System.Text.RegularExpressions;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>A Twenty object's API names: the plural goes in REST URLs, the singular names single-record envelope keys.</summary>
public sealed partial record TwentyObjectName
{
    /// <summary>Creates the name pair.</summary>
    /// <param name="singular">The singular API name (<c>company</c>).</param>
    /// <param name="plural">The plural API name (<c>companies</c>).</param>
    /// <exception cref="ArgumentException">A name is not a camelCase Twenty name.</exception>
    public TwentyObjectName(string singular, string plural)
    {
        Singular = Check(singular, nameof(singular));
        Plural = Check(plural, nameof(plural));
    }

    /// <summary>Twenty's Person object.</summary>
    public static TwentyObjectName Person { get; } = new("person", "people");

    /// <summary>Twenty's Company object.</summary>
    public static TwentyObjectName Company { get; } = new("company", "companies");

    /// <summary>Twenty's Opportunity object.</summary>
    public static TwentyObjectName Opportunity { get; } = new("opportunity", "opportunities");

    /// <summary>Twenty's Note object.</summary>
    public static TwentyObjectName Note { get; } = new("note", "notes");

    /// <summary>Twenty's Task object.</summary>
    public static TwentyObjectName Task { get; } = new("task", "tasks");

    /// <summary>Twenty's NoteTarget object.</summary>
    public static TwentyObjectName NoteTarget { get; } = new("noteTarget", "noteTargets");

    /// <summary>Twenty's TaskTarget object.</summary>
    public static TwentyObjectName TaskTarget { get; } = new("taskTarget", "taskTargets");

    /// <summary>The singular API name.</summary>
    public string Singular { get; }

    /// <summary>The plural API name.</summary>
    public string Plural { get; }

    /// <summary>The names of an object of Sodimo's schema.</summary>
    /// <param name="obj">The object.</param>
    /// <returns>Its Twenty names.</returns>
    public static TwentyObjectName From(SodimoObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new TwentyObjectName(obj.NameSingular, obj.NamePlural);
    }

    /// <summary><c>create&lt;Singular&gt;</c>-style key: the name with its first letter upper-cased.</summary>
    /// <param name="name">A camelCase name.</param>
    /// <returns>The capitalised name.</returns>
    internal static string Capital(string name) => char.ToUpperInvariant(name[0]) + name[1..];

    /// <inheritdoc />
    public override string ToString() => Plural;

    private static string Check(string name, string param) =>
        name is not null && name.Length <= 63 && CamelCase().IsMatch(name)
            ? name
            : throw new ArgumentException($"\"{name}\" is not a Twenty object API name (camelCase letters and digits).", param);

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex CamelCase();
}
