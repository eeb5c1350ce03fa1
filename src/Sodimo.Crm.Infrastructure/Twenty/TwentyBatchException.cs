using System.Text.Json.Nodes;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>
/// A batch create failed part-way: <see cref="Created"/> holds the records Twenty created in the batches that
/// succeeded, so the caller can record them and resume; <see cref="Exception.InnerException"/> is the failure.
/// </summary>
public sealed class TwentyBatchException : TwentyException
{
    /// <summary>Creates the exception with a default message.</summary>
    public TwentyBatchException()
        : this("A Twenty batch create failed part-way.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public TwentyBatchException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public TwentyBatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Created = [];
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="created">The records created by the batches that succeeded, in input order.</param>
    /// <param name="failedAtIndex">The index in the input of the first record of the failed batch.</param>
    /// <param name="innerException">The failure of that batch.</param>
    public TwentyBatchException(IReadOnlyList<JsonObject> created, int failedAtIndex, TwentyException innerException)
        : base(
            $"Twenty batch create failed at record {failedAtIndex} after {created?.Count ?? 0} created: {innerException?.Message}",
            innerException?.Messages ?? [],
            innerException)
    {
        Created = created ?? [];
        FailedAtIndex = failedAtIndex;
    }

    /// <summary>The records created before the failure.</summary>
    public IReadOnlyList<JsonObject> Created { get; }

    /// <summary>The index in the input of the first record of the failed batch.</summary>
    public int FailedAtIndex { get; }

    /// <inheritdoc />
    public override bool IsTransient => InnerException is TwentyException { IsTransient: true };
}
