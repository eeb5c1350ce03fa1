namespace Sodimo.Crm.SyncWorker.Cli;

/// <summary>The worker's exit codes, shared by every command (documented in docs/schema.md).</summary>
internal static class ExitCodes
{
    /// <summary>Done (or, with <c>--dry-run</c>, planned) without problem.</summary>
    public const int Ok = 0;

    /// <summary>Bad configuration or bad command line: nothing was called.</summary>
    public const int BadConfiguration = 1;

    /// <summary>Twenty is unreachable, or refused the API key (or the key lacks a permission).</summary>
    public const int Unreachable = 2;

    /// <summary>The workspace drifted from Sodimo's schema in a way the command will not repair; nothing was changed.</summary>
    public const int Drift = 3;

    /// <summary>Twenty rejected a change part-way, or answered unexpectedly; the steps printed before were applied.</summary>
    public const int Rejected = 4;

    /// <summary>An unexpected error (a bug): one line on stderr.</summary>
    public const int Unexpected = 70;

    /// <summary>Cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
