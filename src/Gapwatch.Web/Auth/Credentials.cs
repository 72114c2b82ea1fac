using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Gapwatch.Web.Auth;

/// <summary>The user type the password hasher is keyed on (it carries nothing the hasher reads).</summary>
public sealed class GapwatchUser
{
    public string Email { get; init; } = "";
}

/// <summary>
/// Passwords and API tokens. Passwords: ASP.NET Core Identity's PBKDF2 hasher (HMAC-SHA512, v3
/// format) with the iteration count raised to 210,000, at least 12 characters. Tokens: 32 random
/// bytes, base64url, shown once; only their SHA-256 is stored.
/// </summary>
public static class Credentials
{
    public const int MinimumPasswordLength = 12;

    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA512 is 210,000; Identity's default is 100,000.</summary>
    public const int PasswordIterations = 210_000;

    public const int TokenBytes = 32;

    /// <summary>Prefix that makes a Gapwatch token recognisable to secret scanners.</summary>
    public const string TokenPrefix = "gw_";

    private static readonly PasswordHasher<GapwatchUser> Hasher = new(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = PasswordIterations,
    }));

    private static readonly Lazy<string> DummyHash = new(() => Hasher.HashPassword(new GapwatchUser(), "not a password of anyone: timing only"));

    public static string HashPassword(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < MinimumPasswordLength)
        {
            throw new ArgumentException($"a password needs at least {MinimumPasswordLength} characters");
        }

        return Hasher.HashPassword(new GapwatchUser(), password);
    }

    public static bool VerifyPassword(string? hash, string password)
    {
        if (hash is null)
        {
            // Spend the same time as a real check, so a missing account is not told apart by timing.
            Hasher.VerifyHashedPassword(new GapwatchUser(), DummyHash.Value, password);
            return false;
        }

        return Hasher.VerifyHashedPassword(new GapwatchUser(), hash, password) != PasswordVerificationResult.Failed;
    }

    public static string NewToken() => TokenPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes: what the store keeps and looks up.</summary>
    public static string HashToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
