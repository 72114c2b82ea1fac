using System.Net;
using System.Net.Sockets;

namespace Gapwatch.Web.Alerts;

/// <summary>
/// quality.md's outgoing-request rule for webhooks: https only; loopback, private, link-local,
/// carrier-grade NAT, multicast and unspecified addresses refused after DNS resolution unless the
/// workspace allows private targets (then plain http is allowed on loopback only, for a receiver
/// on this machine). Checked before sending and again when the socket connects, so a DNS answer
/// that changes between the two cannot slip a private address through.
/// </summary>
internal static class OutgoingTargets
{
    /// <summary>Why the URL may not be called, or null when it may.</summary>
    public static string? SchemeProblem(Uri url, bool allowPrivate)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        return url.Scheme == Uri.UriSchemeHttp && allowPrivate && url.IsLoopback
            ? null
            : $"webhook URLs must use https (got {url.Scheme}; plain http is allowed only on loopback with alerts.allow_private_targets)";
    }

    public static async Task<(IPAddress[] Allowed, string? Problem)> ResolveAsync(string host, bool allowPrivate, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException e)
        {
            return ([], $"the webhook host does not resolve ({e.SocketErrorCode})");
        }

        var allowed = addresses.Where(a => allowPrivate || !IsPrivate(a)).ToArray();
        return allowed.Length > 0
            ? (allowed, null)
            : ([], "the webhook host resolves only to loopback, private or link-local addresses, which are refused (set alerts.allow_private_targets to allow them)");
    }

    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.None))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (b[0] & 0xFE) == 0xFC;
        }

        var v4 = address.GetAddressBytes();
        return v4[0] switch
        {
            0 or 10 or 127 => true,
            100 => v4[1] is >= 64 and <= 127,
            169 => v4[1] == 254,
            172 => v4[1] is >= 16 and <= 31,
            192 => v4[1] == 168 || (v4[1] == 0 && v4[2] == 0),
            >= 224 => true,
            _ => false,
        };
    }
}
