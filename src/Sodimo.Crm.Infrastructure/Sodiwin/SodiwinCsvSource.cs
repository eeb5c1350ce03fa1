using Sodimo.Crm.Application.Sync;
using Sodimo.Crm.Domain.Sodiwin;

namespace Sodimo.Crm.Infrastructure.Sodiwin;

/// <summary>A Sodiwin client dump file, read with <see cref="SodiwinCsvReader"/> (<c>sync --source csv:PATH</c>).</summary>
public sealed class SodiwinCsvSource : ISodiwinClientSource
{
    private readonly string _path;
    private readonly SodiwinCsvReader _reader;

    /// <summary>Creates the source.</summary>
    /// <param name="path">The dump file.</param>
    /// <param name="options">Format and column mapping; defaults when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SodiwinCsvSource(string path, SodimoSodiwinCsvOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
        _reader = new SodiwinCsvReader(options);
    }

    /// <inheritdoc />
    public string Name => "csv:" + _path;

    /// <inheritdoc />
    public Task<SodiwinDump> ReadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Task.FromResult(_reader.ReadFile(_path));
        }
        catch (SodiwinDumpException ex)
        {
            return Task.FromException<SodiwinDump>(ex);
        }
    }
}
