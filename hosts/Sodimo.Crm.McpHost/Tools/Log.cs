using Microsoft.Extensions.Logging;

namespace Sodimo.Crm.McpHost.Tools;

/// <summary>The host's log messages (source-generated; they go to stderr, never stdout).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "{Tool}: arguments refused ({Count} problems); nothing sent")]
    public static partial void ArgumentsRefused(ILogger logger, string tool, int count);

    [LoggerMessage(2, LogLevel.Warning, "{Tool}: {Kind}: {Message}")]
    public static partial void CallFailed(ILogger logger, string tool, string kind, string message);

    [LoggerMessage(3, LogLevel.Error, "{Tool}: unexpected failure")]
    public static partial void Unexpected(ILogger logger, string tool, Exception exception);
}
