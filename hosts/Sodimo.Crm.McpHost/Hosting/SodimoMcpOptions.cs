namespace Sodimo.Crm.McpHost.Hosting;

/// <summary>The MCP host's settings, bound from the <c>Sodimo:Mcp</c> configuration section.</summary>
internal sealed class SodimoMcpOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sodimo:Mcp";

    /// <summary>Shortest bearer token accepted for the HTTP transport.</summary>
    public const int MinTokenLength = 32;

    /// <summary>When <see langword="true"/>, only the three read tools are served. Default <see langword="false"/>.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>The address the HTTP transport listens on. Default <c>127.0.0.1</c>.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The HTTP port. Default 5179.</summary>
    public int Port { get; set; } = 5179;

    /// <summary>
    /// The bearer token HTTP clients must send (<c>Authorization: Bearer …</c>); at least 32 characters. Required for
    /// <c>--http</c>; in <c>--sandbox</c> a random one is generated and printed to stderr when none is configured.
    /// </summary>
    public string? BearerToken { get; set; }
}
