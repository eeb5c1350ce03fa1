namespace Sodimo.Crm.McpHost.Tools;

/// <summary>Whether a tool reads or writes, which decides its annotations and whether read-only mode lists it.</summary>
internal enum ToolAccess
{
    /// <summary>Changes nothing.</summary>
    Read,

    /// <summary>Changes the CRM (and writes a ledger row first).</summary>
    Write,
}
