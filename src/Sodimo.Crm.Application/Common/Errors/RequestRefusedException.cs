namespace Sodimo.Crm.Application.Common.Errors;

/// <summary>One reason a request was refused.</summary>
/// <param name="Field">The request property at fault (<c>Stage</c>, <c>Company.Fields.halal_cert</c>), or empty for the whole request.</param>
/// <param name="Message">A sentence for the caller, naming the value and, where it helps, the valid ones.</param>
public sealed record RequestProblem(string Field, string Message);

/// <summary>
/// The request was refused before anything was written to Twenty: invalid arguments, a field outside the merge
/// policy, an unknown stage or one of another pipeline. Hosts turn it into a tool error or a 400/422.
/// </summary>
public sealed class RequestRefusedException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public RequestRefusedException()
        : this("The request was refused.")
    {
    }

    /// <summary>Creates the exception with one problem on the whole request.</summary>
    /// <param name="message">Why.</param>
    public RequestRefusedException(string message)
        : this([new RequestProblem(string.Empty, message)])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The underlying error.</param>
    public RequestRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new RequestProblem(string.Empty, message)];
    }

    /// <summary>Creates the exception from its problems.</summary>
    /// <param name="problems">At least one problem.</param>
    public RequestRefusedException(IReadOnlyList<RequestProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Every reason, in order.</summary>
    public IReadOnlyList<RequestProblem> Problems { get; }

    private static string Describe(IReadOnlyList<RequestProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 0
            ? "The request was refused."
            : string.Join(" ", problems.Select(p => p.Message));
    }
}
