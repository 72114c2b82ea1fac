using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gapwatch.Files.Import;
using Gapwatch.Files.Workspace;
using Gapwatch.Generator.Seeds;
using Gapwatch.Web.Auth;
using Gapwatch.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Gapwatch.Web.Tests;

/// <summary>
/// Two workspaces built from the worked examples (alpha: the Sage Intacct revenue gap, seed 002;
/// beta: the Sage absent customers, seed 001), each refreshed twice, with one user per role in
/// alpha and a finance user in beta; served by real Kestrel on 127.0.0.1 at a port the OS picks.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";

    private readonly string root;

    private ServeOptions options;

    private TestServer(string root, GapwatchServer server, FakeTimeProvider clock, LogCapture logs, Dictionary<string, string> tokens, ServeOptions options)
    {
        this.root = root;
        this.options = options;
        Server = server;
        Clock = clock;
        Logs = logs;
        Tokens = tokens;
        Http = NewClient(server.Address);
    }

    public GapwatchServer Server { get; private set; }

    public FakeTimeProvider Clock { get; }

    public LogCapture Logs { get; }

    /// <summary>Bearer tokens by user email.</summary>
    public IReadOnlyDictionary<string, string> Tokens { get; }

    public HttpClient Http { get; private set; }

    public string Root => root;

    public static string AlphaDirectory(string root) => Path.Combine(root, "alpha");

    public static string BetaDirectory(string root) => Path.Combine(root, "beta");

    /// <summary>Stops the server and starts it again over the same folders (a restart after downtime, or after editing gapwatch.yaml).</summary>
    public async Task RestartAsync(Func<ServeOptions, ServeOptions>? configure = null)
    {
        Http.Dispose();
        await Server.DisposeAsync();
        options = configure is null ? options : configure(options);
        Server = await GapwatchServer.StartAsync(options);
        Http = NewClient(Server.Address);
    }

    public static async Task<TestServer> StartAsync(Func<ServeOptions, ServeOptions>? configure = null)
    {
        var root = Directory.CreateTempSubdirectory("gapwatch-web-").FullName;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 15, 7, 0, 0, TimeSpan.Zero));
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        Build(Path.Combine(root, "alpha"), "seed-002-sage-revenue-gap", clock);
        Build(Path.Combine(root, "beta"), "seed-001-sage-absent", clock);
        foreach (var role in Roles.All)
        {
            var added = UserAdmin.Add(Path.Combine(root, "alpha"), $"{role}@alpha.test", [role], Password, issueToken: true, "test", clock);
            tokens[added.User.Email] = added.Token!;
        }

        var beta = UserAdmin.Add(Path.Combine(root, "beta"), "finance@beta.test", [Roles.Finance], Password, issueToken: true, "test", clock);
        tokens[beta.User.Email] = beta.Token!;
        var logs = new LogCapture();
        var options = new ServeOptions
        {
            Workspaces = [Path.Combine(root, "alpha"), Path.Combine(root, "beta")],
            Port = 0,
            Clock = clock,
            ScheduledRefresh = false,
            ConfigureLogging = b =>
            {
                b.SetMinimumLevel(LogLevel.Trace);
                b.AddProvider(logs);
            },
        };
        options = configure is null ? options : configure(options);
        var server = await GapwatchServer.StartAsync(options);
        return new TestServer(root, server, clock, logs, tokens, options);
    }

    public static HttpClient NewClient(Uri address, HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };

    public HttpRequestMessage Request(HttpMethod method, string path, string? email = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (email is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens[email]);
        }

        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? email = null) =>
        await Http.SendAsync(Request(method, path, email));

    public async Task<(HttpStatusCode Status, JsonDocument Body)> GetJsonAsync(string path, string email)
    {
        using var response = await SendAsync(HttpMethod.Get, path, email);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "{}" : text));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        if (Environment.GetEnvironmentVariable("GAPWATCH_TEST_LOG") is { Length: > 0 } dump)
        {
            await File.AppendAllLinesAsync(dump, Logs.Lines);
        }

        Directory.Delete(root, recursive: true);
    }

    private static void Build(string directory, string sampleName, TimeProvider clock)
    {
        var sample = SeedSamples.All().Single(s => s.Name == sampleName);
        WorkspaceFile.Save(directory, sample.Settings);
        var data = Path.Combine(directory, "data");
        ImportFormatWriter.Write(data, sample.Data.All());
        using var workspace = GapwatchWorkspace.Open(directory, clock);
        var imported = workspace.Import(data);
        Assert.True(imported.Succeeded, string.Join("; ", imported.ErrorLines));
        var day = sample.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var previous = sample.AsOf.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(workspace.Refresh(workspace.ParseAsOf(previous)).Succeeded);
        Assert.True(workspace.Refresh(workspace.ParseAsOf(day)).Succeeded);
    }
}

/// <summary>Every log line the server writes, at every level, with its exception text.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {structured} {exception}");
        }
    }
}
