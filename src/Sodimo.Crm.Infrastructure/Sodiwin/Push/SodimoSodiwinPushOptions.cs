namespace Sodimo.Crm.Infrastructure.Sodiwin.Push;

/// <summary>How deals are pushed to Sodiwin, bound from <c>Sodimo:SodiwinPush</c> (docs/sodiwin-push.md).</summary>
public sealed class SodimoSodiwinPushOptions
{
    /// <summary>The configuration section: <c>Sodimo:SodiwinPush</c>.</summary>
    public const string SectionName = "Sodimo:SodiwinPush";

    /// <summary>Sodiwin's order API base address (e.g. <c>https://sodiwin.example/api/</c>). When set, the API is used; otherwise FTP.</summary>
    public Uri? ApiBaseUrl { get; set; }

    /// <summary>The bearer token sent to the API, if it needs one.</summary>
    public string? ApiToken { get; set; }

    /// <summary>The FTP host for the CSV fallback.</summary>
    public string? FtpHost { get; set; }

    /// <summary>The FTP port. Default 21.</summary>
    public int FtpPort { get; set; } = 21;

    /// <summary>The FTP user.</summary>
    public string? FtpUser { get; set; }

    /// <summary>The FTP password.</summary>
    public string? FtpPassword { get; set; }

    /// <summary>The FTP directory order files are dropped in (created beforehand). Default: the login directory.</summary>
    public string FtpDirectory { get; set; } = string.Empty;

    /// <summary>How long one push may take. Default 20 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);
}
