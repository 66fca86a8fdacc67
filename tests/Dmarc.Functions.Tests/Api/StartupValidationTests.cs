using Microsoft.Extensions.Options;

namespace Dmarc.Functions.Tests.Api;

public class StartupValidationTests
{
    [Theory]
    [InlineData("Api:AdminKey", "", "Api:AdminKey is required")]
    [InlineData("Api:AdminKey", "short", "Api:AdminKey must be at least 24 characters long.")]
    [InlineData("InboundMail:Secret", "short", "InboundMail:Secret must be at least 24 characters long")]
    [InlineData("Storage:ConnectionString", "", "Storage is not configured: set Storage:ConnectionString")]
    [InlineData("DomainStatus:NameServers:1", "not a host!", "DomainStatus:NameServers: 'not a host!' is not a host name.")]
    [InlineData("DomainStatus:LookupTimeout", "00:00:00", "DomainStatus:LookupTimeout must be more than 0 and at most 30 seconds")]
    [InlineData("DomainStatus:LookupsAtOnce", "0", "DomainStatus:LookupsAtOnce must be 1 to 64")]
    [InlineData("Storage:ResourcePrefix", "Bad-Prefix", "Storage:ResourcePrefix may hold only lower-case letters and digits")]
    public async Task The_app_refuses_to_start_with_a_bad_setting_and_names_it(string key, string value, string message)
    {
        await using var app = new DmarcAppFactory(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => app.Services);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
