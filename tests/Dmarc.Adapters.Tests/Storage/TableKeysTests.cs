using Dmarc.Adapters.Storage;

namespace Dmarc.Adapters.Tests.Storage;

public class TableKeysTests
{
    [Theory]
    [InlineData("contoso.com")]
    [InlineData("_dmarc.xn--bcher-kva.example")]
    [InlineData("security@contoso.com")]
    [InlineData("192.0.2.1")]
    public void Host_names_addresses_and_ids_stay_as_they_are(string value) => Assert.Equal(value, TableKeys.Encode(value));

    [Theory]
    [InlineData("0/25.2.0.192.in-addr.arpa", "0!2F25.2.0.192.in-addr.arpa")]
    [InlineData("a#b?c\\d", "a!23b!3Fc!5Cd")]
    [InlineData("line\nbreak\u0001", "line!0Abreak!01")]
    [InlineData("2001:db8::1", "2001!3Adb8!3A!3A1")]
    [InlineData("報告.eml", "!E5!A0!B1!E5!91!8A.eml")]
    [InlineData("a|b!c", "a!7Cb!21c")]
    public void Characters_tables_refuse_or_the_encoding_uses_are_escaped(string value, string key)
    {
        Assert.Equal(key, TableKeys.Encode(value));
        Assert.True(TableKeys.IsValid(key));
    }

    [Fact]
    public void Long_values_end_in_a_hash_that_keeps_them_apart_and_within_the_limit()
    {
        var a = new string('x', 1024);
        var b = new string('x', 1023) + "y";
        var cjk = string.Concat(Enumerable.Repeat("報告書", 200));

        var keys = new[] { a, b, cjk }.Select(TableKeys.Encode).ToArray();

        Assert.All(keys, k => Assert.True(k.Length <= TableKeys.MaxPartLength && TableKeys.IsValid(k), k));
        Assert.Equal(3, keys.Distinct().Count());
        Assert.Contains("!!", keys[0], StringComparison.Ordinal);
        Assert.Matches("^(![0-9A-F]{2})+!![0-9a-f]{64}$", keys[2]);
    }

    [Fact]
    public void A_prefix_of_a_value_encodes_to_a_prefix_of_its_key_and_parts_join_unambiguously()
    {
        Assert.StartsWith(TableKeys.Encode("0/25.2.0"), TableKeys.Encode("0/25.2.0.192.in-addr.arpa"), StringComparison.Ordinal);
        Assert.NotEqual(TableKeys.Join("a|b", "c"), TableKeys.Join("a", "b|c"));
        Assert.Equal("contoso.com|2026-11-22", TableKeys.Join("contoso.com", "2026-11-22"));
    }
}
