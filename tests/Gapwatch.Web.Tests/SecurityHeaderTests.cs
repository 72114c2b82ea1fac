using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gapwatch.Web.Tests;

/// <summary>Security headers on every kind of answer, and HSTS only over HTTPS.</summary>
[Collection(ServerGroup.Name)]
public sealed class SecurityHeaderTests(SharedServer shared)
{
    private readonly TestServer server = shared.Server;

    internal static void AssertHeaders(HttpResponseMessage response, string what)
    {
        ArgumentNullException.ThrowIfNull(response);
        var csp = Header(response, "Content-Security-Policy");
        Assert.True(csp is not null, $"{what}: no Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Null(Header(response, "Server"));
    }

    [Theory]
    [InlineData("/api/v1/workspaces/alpha/cards", "finance@alpha.test", HttpStatusCode.OK)]
    [InlineData("/api/v1/workspaces/alpha/cards/revenue_gap?limit=0", "finance@alpha.test", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/workspaces/alpha/cards/revenue_gap", "marketing@alpha.test", HttpStatusCode.Forbidden)]
    [InlineData("/api/v1/workspaces/beta/cards", "finance@alpha.test", HttpStatusCode.NotFound)]
    [InlineData("/no/such/route", "finance@alpha.test", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/workspaces", null, HttpStatusCode.Unauthorized)]
    [InlineData("/account/antiforgery", null, HttpStatusCode.OK)]
    public async Task EveryAnswer_CarriesTheSecurityHeaders_AndNoHstsOverHttp(string path, string? email, HttpStatusCode status)
    {
        using var response = await server.SendAsync(HttpMethod.Get, path, email);
        Assert.Equal(status, response.StatusCode);
        AssertHeaders(response, path);
        Assert.Null(Header(response, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task OverHttps_HstsIsSent()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        var now = server.Clock.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        await using var https = await TestServer.StartAsync(o => o with { Certificate = certificate });
        Assert.Equal("https", https.Server.Address.Scheme);
        using var handler = new SocketsHttpHandler { UseCookies = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString();
        using var client = TestServer.NewClient(https.Server.Address, handler);
        using var message = new HttpRequestMessage(HttpMethod.Get, "/api/v1/workspaces");
        message.Headers.Authorization = new("Bearer", https.Tokens["finance@alpha.test"]);
        using var response = await client.SendAsync(message);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", Header(response, "Strict-Transport-Security"));
        AssertHeaders(response, "https");
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;
}
