namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>Why a call got no answer from Twenty.</summary>
public enum TwentyTransportFailure
{
    /// <summary>No connection could be made (refused, DNS, TLS): the request never reached Twenty.</summary>
    ConnectionFailed,

    /// <summary>The connection broke after the request was sent and before a complete answer came back.</summary>
    ConnectionLost,

    /// <summary>No answer within the attempt or total timeout.</summary>
    Timeout,

    /// <summary>The circuit is open after repeated failures: the request was not sent.</summary>
    CircuitOpen,
}
