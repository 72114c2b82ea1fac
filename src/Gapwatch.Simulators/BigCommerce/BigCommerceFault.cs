using Gapwatch.Simulators.Hosting;

namespace Gapwatch.Simulators.BigCommerce;

public enum BigCommerceFaultKind
{
    /// <summary>HTTP 429 with <c>X-Rate-Limit-Time-Reset-Ms</c> = <see cref="BigCommerceFault.ResetMs"/> (none when null: platform load).</summary>
    TooManyRequests = 1,

    /// <summary>HTTP <see cref="QueuedFault.StatusCode"/> (default 503) with the API's JSON error body.</summary>
    ServerError = 2,

    /// <summary>The connection is dropped without an answer.</summary>
    ConnectionReset = 3,

    /// <summary>HTTP 200, JSON content type, the body cut in half (the connection ends cleanly).</summary>
    TruncatedJson = 5,

    /// <summary>HTTP 200 with an HTML maintenance page.</summary>
    HtmlPage = 6,

    /// <summary>HTTP 401 as for a revoked API account.</summary>
    Unauthorized = 7,

    /// <summary>The previous answer's rows are served again whatever page was asked (a paging loop).</summary>
    RepeatPage = 9,

    /// <summary>No answer until the client gives up (a timeout on the client's side).</summary>
    Hang = 10,
}

/// <summary>
/// A fault the simulator serves instead of the normal answer. Faults are queued and each is used
/// <see cref="QueuedFault.Times"/> times by the next matching requests, in order.
/// </summary>
/// <remarks>Its <see cref="QueuedFault.Resource"/> is one of <c>customers</c>, <c>companies</c>, <c>orders</c>, <c>refunds</c>.</remarks>
public sealed record BigCommerceFault(BigCommerceFaultKind Kind) : QueuedFault
{
    /// <summary>The <c>X-Rate-Limit-Time-Reset-Ms</c> sent with a 429.</summary>
    public int? ResetMs { get; init; } = 3000;
}

/// <summary>How the simulated store behaves: its hash, token and rate-limit window.</summary>
public sealed record BigCommerceSimulatorOptions
{
    public string StoreHash { get; init; } = "abc123def";

    public string AccessToken { get; init; } = "bc_simulator_token";

    /// <summary>Requests per window, shared by all apps (Standard and Plus: 150 per 30 s).</summary>
    public int RequestsQuota { get; init; } = 150;

    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxPageSize { get; init; } = 250;

    /// <summary>The clock of the rate-limit window (tests pass their fake clock).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>One request as the simulator saw it.</summary>
public sealed record BigCommerceRequestLog(int Number, string Resource, string Query, int Page, int Limit);
