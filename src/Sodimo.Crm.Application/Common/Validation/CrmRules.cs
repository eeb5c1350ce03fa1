using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Sodimo.Crm.Domain.Health;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.Common.Validation;

/// <summary>
/// The checks shared by validators and handlers: client codes, e-mails, pipelines, stages and health, each with a
/// message that names the bad value and lists the valid ones.
/// </summary>
public static partial class CrmRules
{
    /// <summary>The pattern a client code must match: upper-case letters, digits, <c>-</c> and <c>_</c>, 1 to 32 characters.</summary>
    public const string ClientCodePattern = "^[A-Z0-9][A-Z0-9_-]{0,31}$";

    /// <summary>The longest e-mail address accepted (RFC 5321).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>Whether a client code matches <see cref="ClientCodePattern"/>.</summary>
    /// <param name="clientCode">The code.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidClientCode([NotNullWhen(true)] string? clientCode) => clientCode is not null && ClientCodeRegex().IsMatch(clientCode);

    /// <summary>The message for an invalid client code.</summary>
    /// <param name="clientCode">The code.</param>
    /// <returns>A sentence naming it and the pattern.</returns>
    public static string ClientCodeMessage(string? clientCode) =>
        $"\"{clientCode}\" is not a client code: it must match {ClientCodePattern} (e.g. C100042).";

    /// <summary>
    /// Whether an e-mail address is plausible: one <c>@</c>, a dotted domain, no spaces or control characters, at most
    /// <see cref="MaxEmailLength"/> characters.
    /// </summary>
    /// <param name="email">The address (trimmed by the caller).</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidEmail([NotNullWhen(true)] string? email) =>
        email is not null && email.Length <= MaxEmailLength && EmailRegex().IsMatch(email);

    /// <summary>The canonical form of an e-mail address: trimmed and lower-case.</summary>
    /// <param name="email">The address.</param>
    /// <returns>The canonical address.</returns>
    public static string NormalizeEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToLowerInvariant();
    }

    /// <summary>Resolves a pipeline by name or value.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="nameOrValue">The pipeline's name or value.</param>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="error">The refusal message, listing the valid pipelines.</param>
    /// <returns>Whether it is known.</returns>
    public static bool TryResolvePipeline(SodimoSchema schema, string nameOrValue, [NotNullWhen(true)] out Pipeline? pipeline, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(schema);
        pipeline = schema.FindPipeline(nameOrValue?.Trim() ?? string.Empty);
        error = pipeline is null
            ? $"Unknown pipeline \"{nameOrValue}\"; valid pipelines: {string.Join(", ", schema.Pipelines.Select(p => p.Name))}."
            : null;
        return pipeline is not null;
    }

    /// <summary>
    /// Resolves a stage, within <paramref name="pipeline"/> when given, otherwise in whichever pipeline has it (stage names
    /// and values are unique across Sodimo's pipelines).
    /// </summary>
    /// <param name="schema">The schema.</param>
    /// <param name="pipeline">The pipeline the stage must belong to, or <see langword="null"/>.</param>
    /// <param name="stageNameOrValue">The stage's name or value.</param>
    /// <param name="resolvedPipeline">The stage's pipeline.</param>
    /// <param name="stage">The stage.</param>
    /// <param name="error">The refusal message, listing the valid stages.</param>
    /// <returns>Whether the stage is known (in that pipeline).</returns>
    public static bool TryResolveStage(
        SodimoSchema schema,
        Pipeline? pipeline,
        string stageNameOrValue,
        [NotNullWhen(true)] out Pipeline? resolvedPipeline,
        [NotNullWhen(true)] out PipelineStage? stage,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var wanted = stageNameOrValue?.Trim() ?? string.Empty;
        foreach (var candidate in pipeline is null ? schema.Pipelines : [pipeline])
        {
            if (candidate.FindStage(wanted) is { } found)
            {
                resolvedPipeline = candidate;
                stage = found;
                error = null;
                return true;
            }
        }

        resolvedPipeline = null;
        stage = null;
        if (pipeline is not null)
        {
            var other = schema.Pipelines.FirstOrDefault(p => p != pipeline && p.FindStage(wanted) is not null);
            error = other is null
                ? $"Unknown stage \"{stageNameOrValue}\" for pipeline {pipeline.Name}; valid stages: {StageList(pipeline)}."
                : $"Stage \"{stageNameOrValue}\" belongs to pipeline {other.Name}, not {pipeline.Name}; valid stages of {pipeline.Name}: {StageList(pipeline)}.";
        }
        else
        {
            error = $"Unknown stage \"{stageNameOrValue}\"; valid stages: "
                + string.Join("; ", schema.Pipelines.Select(p => $"{p.Name}: {StageList(p)}")) + ".";
        }

        return false;
    }

    /// <summary>Parses a health (<c>green</c>, <c>YELLOW</c>, <c>Red</c>).</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="value">The value.</param>
    /// <param name="health">The health.</param>
    /// <param name="error">The refusal message.</param>
    /// <returns>Whether it is one of the three.</returns>
    public static bool TryParseHealth(SodimoSchema schema, string value, out DealHealth health, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var ok = schema.TryParseHealth(value?.Trim(), out health);
        error = ok ? null : $"Unknown health \"{value}\"; valid: green, yellow, red.";
        return ok;
    }

    /// <summary>Whether a text has control characters other than tab, CR and LF, or lone surrogates.</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when it has any.</returns>
    public static bool HasForbiddenCharacters(string? text)
    {
        if (text is null)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
            {
                return true;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return true;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string StageList(Pipeline pipeline) => string.Join(", ", pipeline.Stages.Select(s => s.Name));

    [GeneratedRegex(ClientCodePattern, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ClientCodeRegex();

    [GeneratedRegex(@"^[^@\s\p{C}]+@[^@\s\p{C}.]+(\.[^@\s\p{C}.]+)+$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex EmailRegex();
}
