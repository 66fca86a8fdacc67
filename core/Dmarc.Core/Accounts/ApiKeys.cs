using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Dmarc.Core.Accounts;

/// <summary>Issues account API keys and hashes them; only the hash is ever stored.</summary>
public static class ApiKeys
{
    private const string Prefix = "dmk_";

    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Base64Url.EncodeToString(bytes);
    }

    /// <summary>SHA-256 of the key as lower-case hex: keys are random, so no salt is needed.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>The public id of a key: the first 16 hex digits of its hash.</summary>
    public static string IdOf(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return hash[..16];
    }

    /// <summary>Compares two secrets in constant time.</summary>
    public static bool SecretEquals(string presented, string expected)
    {
        ArgumentNullException.ThrowIfNull(presented);
        ArgumentNullException.ThrowIfNull(expected);
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
