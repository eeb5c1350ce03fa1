using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Sodimo.Crm.McpHost.Backend;

namespace Sodimo.Crm.McpHost.Tools;

/// <summary>
/// The common part of the six tools: the protocol definition (schema built from the parameters, annotations,
/// output schema), argument validation before anything else runs, and the shaping of results and errors. A concrete
/// tool only turns validated arguments into a backend call and the answer into a one-line summary.
/// </summary>
/// <typeparam name="TResult">The structured result.</typeparam>
internal abstract class CrmTool<TResult> : McpServerTool
{
    private readonly Tool _protocolTool;

    /// <summary>Builds the protocol definition from the tool's parts.</summary>
    /// <param name="name">The tool's name (<c>crm_…</c>).</param>
    /// <param name="title">A short human title.</param>
    /// <param name="description">The product copy the model reads.</param>
    /// <param name="access">Read or write.</param>
    /// <param name="idempotent">For writes: whether repeating the same call has no further effect.</param>
    /// <param name="parameters">The arguments.</param>
    /// <param name="outputSchema">The JSON schema of <typeparamref name="TResult"/>.</param>
    protected CrmTool(
        string name, string title, string description, ToolAccess access, bool idempotent,
        IReadOnlyList<ToolParameter> parameters, string outputSchema)
    {
        Name = name;
        Access = access;
        Parameters = parameters;
        _protocolTool = new Tool
        {
            Name = name,
            Title = title,
            Description = description,
            InputSchema = ToolSchema.ForInput(parameters),
            OutputSchema = JsonDocument.Parse(outputSchema).RootElement.Clone(),
            Annotations = new ToolAnnotations
            {
                Title = title,
                ReadOnlyHint = access == ToolAccess.Read,
                DestructiveHint = false,
                IdempotentHint = access == ToolAccess.Read || idempotent,
                OpenWorldHint = true,
            },
        };
    }

    /// <summary>The tool's name.</summary>
    public string Name { get; }

    /// <summary>Read or write.</summary>
    public ToolAccess Access { get; }

    /// <summary>The arguments.</summary>
    public IReadOnlyList<ToolParameter> Parameters { get; }

    /// <inheritdoc />
    public override Tool ProtocolTool => _protocolTool;

    /// <inheritdoc />
    public override IReadOnlyList<object> Metadata => [];

    /// <summary>The serialisation metadata of <typeparamref name="TResult"/>.</summary>
    protected abstract JsonTypeInfo<TResult> ResultType { get; }

    /// <inheritdoc />
    public override async ValueTask<CallToolResult> InvokeAsync(
        RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var services = request.Services ?? throw new InvalidOperationException("The MCP server has no service provider.");
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Sodimo.Crm.McpHost.Tools");

        var args = ArgumentValidator.Validate(Parameters, request.Params?.Arguments, out var problems);
        if (args is null)
        {
            Log.ArgumentsRefused(logger, Name, problems.Count);
            return Error(new ToolError(
                "invalid_arguments",
                $"{Name} was not run: its arguments are invalid. Fix them and call again. Nothing was sent to the CRM.",
                NothingWritten: true,
                ValidValues: null,
                Problems: problems));
        }

        try
        {
            var backend = services.GetRequiredService<ICrmBackend>();
            var (result, summary) = await RunAsync(backend, args, services, cancellationToken).ConfigureAwait(false);
            var json = JsonSerializer.SerializeToElement(result, ResultType);
            return new CallToolResult
            {
                StructuredContent = json,
                Content = [new TextContentBlock { Text = ToolText.Render(summary, json) }],
            };
        }
        catch (CrmToolException ex)
        {
            Log.CallFailed(logger, Name, ex.Kind.ToString(), ex.Message);
            var code = ex.Kind switch
            {
                CrmErrorKind.NotFound => "not_found",
                CrmErrorKind.Refused => "refused",
                CrmErrorKind.Conflict => "conflict",
                _ => "unavailable",
            };
            return Error(new ToolError(code, ex.Message, ex.NothingWritten, ex.ValidValues, null));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A tool must answer with an isError result, never crash the session.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.Unexpected(logger, Name, ex);
            return Error(new ToolError(
                "internal_error",
                Access == ToolAccess.Write
                    ? $"{Name} failed inside the Sodimo CRM host ({ex.GetType().Name}). The write may or may not have reached the CRM: check with a read tool before retrying, and retry with the same idempotency_key. Details are in the host's log."
                    : $"{Name} failed inside the Sodimo CRM host ({ex.GetType().Name}); nothing was changed. Details are in the host's log.",
                NothingWritten: Access == ToolAccess.Read,
                ValidValues: null,
                Problems: null));
        }
    }

    /// <summary>Runs the operation.</summary>
    /// <param name="backend">The CRM operations.</param>
    /// <param name="args">The validated arguments.</param>
    /// <param name="services">The request's services.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result and a one-sentence summary written by the host (never CRM text).</returns>
    protected abstract ValueTask<(TResult Result, string Summary)> RunAsync(
        ICrmBackend backend, ToolArguments args, IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>A validation failure found by the tool itself (a rule between arguments), reported like the others.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <returns>The exception to throw.</returns>
    protected static CrmToolException ArgumentProblem(string message) =>
        new(CrmErrorKind.Refused, message + " Nothing was sent to the CRM.");

    private static CallToolResult Error(ToolError error)
    {
        // No structured content on errors: it would have to match the tool's output schema. The text carries it all.
        return new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = ToolText.RenderError(error) }],
        };
    }
}
