using Dmarc.Core.Accounts;

namespace Dmarc.Core.Tests.Accounts;

public class ApiKeysTests
{
    [Fact]
    public void Keys_are_random_prefixed_and_url_safe()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => ApiKeys.Generate()).ToArray();

        Assert.Equal(100, keys.Distinct().Count());
        Assert.All(keys, k =>
        {
            Assert.StartsWith("dmk_", k, StringComparison.Ordinal);
            Assert.Equal(47, k.Length);
            Assert.DoesNotContain(k, c => c is '+' or '/' or '=');
        });
    }

    [Fact]
    public void The_hash_is_stable_sha256_hex_and_never_the_key()
    {
        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", ApiKeys.Hash("test"));
        var key = ApiKeys.Generate();
        Assert.Equal(ApiKeys.Hash(key), ApiKeys.Hash(key));
        Assert.DoesNotContain(key, ApiKeys.Hash(key), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secret-a", "secret-a", true)]
    [InlineData("secret-a", "secret-b", false)]
    [InlineData("", "secret-a", false)]
    public void Secrets_compare_exactly(string presented, string expected, bool equal)
    {
        Assert.Equal(equal, ApiKeys.SecretEquals(presented, expected));
    }
}
