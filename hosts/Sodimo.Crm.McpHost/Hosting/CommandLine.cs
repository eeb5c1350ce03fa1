using System.Globalization;

namespace Sodimo.Crm.McpHost.Hosting;

/// <summary>The host's command line: <c>[--sandbox] [--read-only] [--http [--port P] [--address A]]</c>.</summary>
internal sealed record CommandLine(bool Sandbox, bool Http, bool ReadOnly, int? Port, string? Address, bool Help)
{
    /// <summary>The usage line.</summary>
    public const string Usage =
        "usage: Sodimo.Crm.McpHost [--sandbox] [--read-only] [--http [--port P] [--address 127.0.0.1]]  (stdio by default)";

    /// <summary>Parses the arguments.</summary>
    /// <param name="args">The process arguments.</param>
    /// <param name="error">A one-line error when they are invalid.</param>
    /// <returns>The command line, or <see langword="null"/> on error.</returns>
    public static CommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        bool sandbox = false, http = false, readOnly = false, help = false;
        int? port = null;
        string? address = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--sandbox":
                    sandbox = true;
                    break;
                case "--http":
                    http = true;
                    break;
                case "--read-only":
                    readOnly = true;
                    break;
                case "--help" or "-h":
                    help = true;
                    break;
                case "--port":
                    if (i + 1 >= args.Count || !int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p > 65535)
                    {
                        error = "--port needs a TCP port number between 0 and 65535 (0 picks a free port).";
                        return null;
                    }

                    port = p;
                    break;
                case "--address":
                    if (i + 1 >= args.Count)
                    {
                        error = "--address needs an IP address.";
                        return null;
                    }

                    address = args[++i];
                    break;
                default:
                    error = $"unknown argument \"{args[i]}\". {Usage}";
                    return null;
            }
        }

        if (!http && (port is not null || address is not null))
        {
            error = "--port and --address apply to --http only.";
            return null;
        }

        return new CommandLine(sandbox, http, readOnly, port, address, help);
    }
}
