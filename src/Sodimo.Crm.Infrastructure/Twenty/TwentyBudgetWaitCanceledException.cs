namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>
/// A call's wait for the client's own call budget (<see cref="SodimoTwentyOptions.RequestsPerMinute"/>) was cancelled,
/// by the caller or by the total timeout: nothing was sent. <see cref="TwentyWire"/> reports the timeout case as the
/// budget, not as Twenty failing to answer.
/// </summary>
internal sealed class TwentyBudgetWaitCanceledException : OperationCanceledException
{
    public TwentyBudgetWaitCanceledException()
    {
    }

    public TwentyBudgetWaitCanceledException(string message)
        : base(message)
    {
    }

    public TwentyBudgetWaitCanceledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TwentyBudgetWaitCanceledException(int requestsPerMinute, OperationCanceledException innerException)
        : base($"The call waited for the client's budget of {requestsPerMinute} calls a minute and was cancelled before it was sent.", innerException, innerException?.CancellationToken ?? default)
    {
        RequestsPerMinute = requestsPerMinute;
    }

    /// <summary>The budget the call waited for.</summary>
    public int RequestsPerMinute { get; }
}
