using Gapwatch.Simulators.Hosting;

namespace Gapwatch.Simulators.SageIntacct;

public enum IntacctFaultKind
{
    /// <summary>HTTP 200 with a control failure <c>GW-0010</c> (too many concurrent requests): nothing ran.</summary>
    GatewayThrottle = 1,

    /// <summary>HTTP 429 (the gateway's <c>GW-0010</c> as a status) with <c>Retry-After</c> = <see cref="IntacctFault.RetryAfterSeconds"/> when set.</summary>
    TooManyRequests = 2,

    /// <summary>HTTP <see cref="QueuedFault.StatusCode"/> (default 503) with an HTML body.</summary>
    ServerError = 3,

    /// <summary>The connection is dropped without an answer.</summary>
    ConnectionReset = 4,

    /// <summary>HTTP 200, XML content type, the answer cut in half.</summary>
    TruncatedXml = 5,

    /// <summary>HTTP 200 with an HTML maintenance page.</summary>
    HtmlPage = 6,

    /// <summary>No answer until the client gives up.</summary>
    Hang = 7,

    /// <summary>HTTP 200 with a control failure <c>XL03000003</c> (the request XML did not parse): nothing ran.</summary>
    ControlFailure = 8,

    /// <summary>The session in the request has expired: an authentication failure, and the session is gone.</summary>
    SessionExpired = 9,

    /// <summary>HTTP 200 with the function's result failed (<see cref="IntacctFault.ErrorNumber"/>, <see cref="IntacctFault.Message"/>).</summary>
    FunctionFailure = 10,

    /// <summary>The result set of a <c>readMore</c> expires before the answer: the function fails as for an unknown resultId.</summary>
    ExpireResultId = 11,

    /// <summary><c>readMore</c> answers the previous page again without moving on (a paging loop).</summary>
    RepeatPage = 12,
}

/// <summary>
/// A fault the simulator serves instead of the normal answer. <see cref="QueuedFault.Resource"/> is the function
/// (<c>getAPISession</c>, <c>readMore</c>) or, for <c>readByQuery</c>, the object read (<c>CUSTOMER</c>);
/// null matches every request.
/// </summary>
public sealed record IntacctFault(IntacctFaultKind Kind) : QueuedFault
{
    public int? RetryAfterSeconds { get; init; }

    public string ErrorNumber { get; init; } = "BL01001973";

    public string Message { get; init; } = "Could not read the records";
}

/// <summary>How the simulated company behaves: its credentials, its limits and its clock.</summary>
public sealed record IntacctSimulatorOptions
{
    public string SenderId { get; init; } = "gapwatch_sender";

    public string SenderPassword { get; init; } = "sender-secret-1";

    public string CompanyId { get; init; } = "NORTHWIND";

    public string UserId { get; init; } = "gapwatch_ws";

    public string UserPassword { get; init; } = "user-secret-1";

    /// <summary>The entities of a multi-entity company (a session may be scoped to one of them).</summary>
    public IReadOnlyList<string> Entities { get; init; } = [];

    /// <summary>An unused session expires after this long (Intacct's timeout slides with use).</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A result set not read for this long is gone; readMore on it fails.</summary>
    public TimeSpan ResultLifetime { get; init; } = TimeSpan.FromMinutes(30);

    public int MaxPageSize { get; init; } = 1000;

    /// <summary>The <c>EXCHANGERATEENTRY</c> field holding its <c>EXCHANGERATE</c>'s <c>RECORDNO</c> (Intacct's real name is unconfirmed).</summary>
    public string RateParentField { get; init; } = IntacctSchema.DefaultRateParentField;

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>One request as the simulator saw it: the function, the object (readByQuery), the query and the page size.</summary>
public sealed record IntacctRequestLog(int Number, string Function, string? Object, string? DocParId, string? Query, int? PageSize, string? Fields, bool Session);
