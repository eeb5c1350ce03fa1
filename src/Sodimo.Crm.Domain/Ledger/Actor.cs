namespace Sodimo.Crm.Domain.Ledger;

/// <summary>
/// Who originated a CRM mutation. Stored in the ledger as its lower-case code
/// (<c>ai</c>, <c>sync</c>, <c>webhook</c>, <c>workflow</c>, <c>human</c>); see <see cref="LedgerCodes"/>.
/// </summary>
public enum Actor
{
    /// <summary>The AI, through an MCP tool (<c>ai</c>).</summary>
    Ai = 1,

    /// <summary>The nightly Sodiwin sync (<c>sync</c>).</summary>
    Sync = 2,

    /// <summary>The webhook API reacting to a Twenty webhook (<c>webhook</c>).</summary>
    Webhook = 3,

    /// <summary>A Twenty workflow calling the ledger endpoint (<c>workflow</c>).</summary>
    Workflow = 4,

    /// <summary>A person using the SDK or a command-line tool directly (<c>human</c>).</summary>
    Human = 5,
}
