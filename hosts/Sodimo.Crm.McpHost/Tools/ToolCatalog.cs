using ModelContextProtocol.Server;

namespace Sodimo.Crm.McpHost.Tools;

/// <summary>The six tools, and the subset a read-only host lists.</summary>
internal static class ToolCatalog
{
    /// <summary>The tools to serve.</summary>
    /// <param name="readOnly">When <see langword="true"/>, the write tools are left out entirely (not listed, not callable).</param>
    /// <returns>The tools, in the brief's order.</returns>
    public static IReadOnlyList<McpServerTool> Create(bool readOnly)
    {
        McpServerTool[] all =
        [
            new CrmListDealsTool(),
            new CrmGetContactTool(),
            new CrmUpsertContactTool(),
            new CrmAdvanceStageTool(),
            new CrmAddActivityTool(),
            new CrmSearchTool(),
        ];
        return readOnly ? all.Where(t => t.ProtocolTool.Annotations?.ReadOnlyHint == true).ToArray() : all;
    }
}
