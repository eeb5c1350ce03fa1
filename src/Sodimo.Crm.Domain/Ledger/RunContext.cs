namespace Sodimo.Crm.Domain.Ledger;

/// <summary>
/// Who is mutating the CRM and on whose behalf: carried by every mutating request and copied onto its
/// ledger entry. The run id is what joins a ledger entry to Twenty's audit log and to the AI's own run.
/// </summary>
/// <param name="RunId">The originating run (an AI run, a sync run, a webhook delivery, a workflow run).</param>
/// <param name="Actor">Who originated the run.</param>
/// <param name="Skill">The AI skill, or the job or endpoint name for the other actors (for example <c>nightly-sync</c>).</param>
/// <param name="CallerId">The Twenty workspace member or other caller id, when known.</param>
public sealed record RunContext(string RunId, Actor Actor, string Skill, string? CallerId = null)
{
    /// <summary>The longest run id, skill or caller id accepted (characters).</summary>
    public const int MaxLength = 200;

    /// <summary>Throws when a part is missing, too long or the actor is not defined.</summary>
    /// <exception cref="ArgumentException">A part is missing or invalid.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(RunId, nameof(RunId));
        ArgumentException.ThrowIfNullOrWhiteSpace(Skill, nameof(Skill));
        if (!Enum.IsDefined(Actor))
        {
            throw new ArgumentException($"Unknown actor {(int)Actor}.", nameof(Actor));
        }

        if (RunId.Length > MaxLength || Skill.Length > MaxLength || CallerId?.Length > MaxLength)
        {
            throw new ArgumentException($"Run id, skill and caller id are limited to {MaxLength} characters.");
        }
    }
}
