using System.Net.Http.Json;
using System.Text.Json;

namespace Dmarc.Functions.Tests.Api;

public class OpenApiTests
{
    [Fact]
    public async Task The_document_lists_the_http_api_and_not_the_trigger_endpoints()
    {
        await using var app = new DmarcAppFactory();

        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/openapi.json");

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("/api/health", paths);
        Assert.Contains("/api/accounts", paths);
        Assert.Contains("/api/accounts/{accountId}", paths);
        Assert.Contains("/api/reporting/authorizations", paths);
        Assert.Contains("/api/accounts/{accountId}/domains/{domain}:verify", paths);
        Assert.Contains("/api/access-requests/confirm", paths);
        Assert.DoesNotContain(paths, p => !p.StartsWith("/api/", StringComparison.Ordinal));
    }
}
