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
    [InlineData("DnsLookup:NameServers:3", "not-an-address", "DnsLookup: every name server must be an address or address:port")]
    [InlineData("DnsLookup:Timeout", "00:01:00", "DnsLookup: every name server must be an address or address:port, and Timeout more than 0 and at most 30 seconds.")]
    [InlineData("Storage:Credential", "password", "Storage:Credential must be 'managedidentity' or left out")]
    [InlineData("Storage:ResourcePrefix", "Bad-Prefix", "Storage:ResourcePrefix may hold only lower-case letters and digits")]
    public async Task The_app_refuses_to_start_with_a_bad_setting_and_names_it(string key, string value, string message)
    {
        var error = await StartFailureAsync(new() { [key] = value });

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The exception the app's start throws. WebApplicationFactory runs Program on a thread of its
    /// own; when that start fails, the factory can race the disposal of the failed host and throw
    /// ObjectDisposedException instead (dotnet/aspnetcore#33494, #38335), seen here under load.
    /// Only that framework race is tried again, with a new factory; any other outcome fails.
    /// </summary>
    private static async Task<OptionsValidationException> StartFailureAsync(Dictionary<string, string?> settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var app = new DmarcAppFactory(settings);
            try
            {
                _ = app.Services;
            }
            catch (OptionsValidationException error)
            {
                return error;
            }
            catch (ObjectDisposedException) when (attempt < 5)
            {
                continue;
            }

            Assert.Fail("The app started although a setting was bad.");
        }
    }
}
