using System.Net;
using System.Net.Http.Json;
using Dmarc.Functions.Health;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.Api;

public class HealthEndpointTests
{
    [Fact]
    public async Task Reports_each_storage_service_reachable()
    {
        await using var app = new DmarcAppFactory();

        var response = await app.CreateClient().GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<HealthResponse>();
        Assert.Equal("Healthy", body!.Status);
        Assert.Equal(["blob", "queue", "table"], body.Components.Select(c => c.Component));
        Assert.All(body.Components, c => Assert.True(c.Reachable));
    }

    [Fact]
    public async Task Answers_503_and_names_the_service_that_is_down()
    {
        await using var app = new DmarcAppFactory(new()
        {
            ["Storage:ConnectionString"] = Azurite.BlobDownConnectionString,
            ["Storage:MaxRetries"] = "0",
        });

        var response = await app.CreateClient().GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<HealthResponse>();
        Assert.Equal("Unhealthy", body!.Status);
        Assert.Equal(["blob"], body.Components.Where(c => !c.Reachable).Select(c => c.Component));
        Assert.NotNull(body.Components.Single(c => c.Component == "blob").Error);
    }
}
