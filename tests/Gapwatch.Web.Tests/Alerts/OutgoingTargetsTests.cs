using System.Net;
using System.Text;
using Gapwatch.Web.Alerts;

namespace Gapwatch.Web.Tests.Alerts;

public sealed class OutgoingTargetsTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("100.128.0.1", false)]
    [InlineData("0.0.0.0", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("2606:4700::1111", false)]
    public void IsPrivate_RefusesLoopbackPrivateLinkLocalAndSpecialRanges(string address, bool refused) =>
        Assert.Equal(refused, OutgoingTargets.IsPrivate(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://hooks.example.com/x", false, true)]
    [InlineData("http://hooks.example.com/x", false, false)]
    [InlineData("http://hooks.example.com/x", true, false)]
    [InlineData("http://127.0.0.1:9000/x", false, false)]
    [InlineData("http://127.0.0.1:9000/x", true, true)]
    public void Scheme_IsHttpsOnly_ExceptLoopbackWhenPrivateTargetsAreAllowed(string url, bool allowPrivate, bool allowed) =>
        Assert.Equal(allowed, OutgoingTargets.SchemeProblem(new Uri(url), allowPrivate) is null);

    [Fact]
    public void Signature_IsHmacSha256OfTimestampDotBody_AndVerifiesOnlyUnchanged()
    {
        var body = Encoding.UTF8.GetBytes("{\"text\":\"hello\"}");
        var signature = WebhookPayload.Sign("secret", 1_700_000_000, body);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes("secret"), Encoding.UTF8.GetBytes("1700000000.{\"text\":\"hello\"}")));
        Assert.Equal("v1=" + expected, signature);
        Assert.True(WebhookPayload.Verify("secret", "1700000000", signature, body));
        Assert.False(WebhookPayload.Verify("secret", "1700000001", signature, body));
        Assert.False(WebhookPayload.Verify("other", "1700000000", signature, body));
        Assert.False(WebhookPayload.Verify("secret", "1700000000", signature, Encoding.UTF8.GetBytes("{\"text\":\"hellO\"}")));
    }
}
