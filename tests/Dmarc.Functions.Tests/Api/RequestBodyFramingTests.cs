using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dmarc.Functions.ImportZoneFile;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Api;

/// <summary>
/// Request bodies read the same whether they come with a Content-Length or chunked: the host
/// forwards what the caller sent, and callers do both. The app runs on Kestrel here, so the
/// framing is real HTTP/1.1 on a socket.
/// </summary>
public sealed class RequestBodyFramingTests : IAsyncLifetime
{
    private const string ZoneFile = """
        $TTL 900
        @       IN NS  ns1.example.net.
        www     IN A   192.0.2.10
        _dmarc  IN TXT "v=DMARC1; p=none"
        """;

    private readonly FramingRecorder _framing = new();
    private readonly DmarcAppFactory _app;

    public RequestBodyFramingTests()
    {
        _app = new DmarcAppFactory(services: s => s.AddSingleton<IStartupFilter>(_framing));
        _app.UseKestrel(0);
    }

    public Task InitializeAsync()
    {
        _app.StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Account_creation_zone_creation_and_zone_import_answer_the_same_with_a_length_and_chunked(bool chunked)
    {
        var zone = $"framing-{Guid.NewGuid():N}"[..20] + ".example";

        var account = await PostAsync(_app.CreateAdminClient(), "/api/accounts", "application/json",
            """{"name":"Contoso","ownerEmails":["owner@contoso.example"],"edition":"Monitor"}""", chunked);
        Assert.Equal(HttpStatusCode.Created, account.StatusCode);
        var created = await account.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Contoso", "owner@contoso.example"), (created.GetProperty("name").GetString(), created.GetProperty("ownerEmails")[0].GetString()));
        var id = created.GetProperty("id").GetString()!;
        var owner = _app.CreateClientWith(created.GetProperty("apiKey").GetString()!);

        var zoneCreated = await PostAsync(owner, $"/api/accounts/{id}/zones", "application/json", $$"""{"name":"{{zone}}"}""", chunked);
        Assert.Equal(HttpStatusCode.Created, zoneCreated.StatusCode);
        Assert.Equal(zone, (await zoneCreated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());

        var imported = await PostAsync(owner, $"/api/accounts/{id}/zones/{zone}/records:import", "text/plain", ZoneFile, chunked);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var result = await imported.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((zone, 2, 2), (result.GetProperty("zone").GetString(), result.GetProperty("recordSets").GetInt32(), result.GetProperty("records").GetInt32()));

        AssertArrivedAs(chunked, "/api/accounts", $"/api/accounts/{id}/zones", $"/api/accounts/{id}/zones/{zone}/records:import");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_zone_file_over_the_limit_is_refused_with_413_with_a_length_and_chunked(bool chunked)
    {
        var created = await (await _app.CreateAdminClient().PostAsJsonAsync("/api/accounts",
            new { name = "Contoso", ownerEmails = new[] { "owner@contoso.example" }, edition = "Monitor" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        var owner = _app.CreateClientWith(created.GetProperty("apiKey").GetString()!);
        var zone = $"framing-{Guid.NewGuid():N}"[..20] + ".example";
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/accounts/{id}/zones", new { name = zone })).StatusCode);
        var padding = new StringBuilder(ZoneFile + "\n");
        while (padding.Length <= ImportZoneFileFunction.MaxBytes)
        {
            padding.Append("; a comment line that only makes the file larger than the limit\n");
        }

        var response = await PostAsync(owner, $"/api/accounts/{id}/zones/{zone}/records:import", "text/plain", padding.ToString(), chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(body.Contains($"{ImportZoneFileFunction.MaxBytes} bytes", StringComparison.Ordinal), body);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string contentType, string body, bool chunked)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        HttpContent content = chunked ? new UnknownLengthContent(bytes) : new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        // As curl does for large bodies: a server that refuses by Content-Length answers before the body
        // is sent, instead of closing the connection while the client still writes (a broken pipe).
        request.Headers.ExpectContinue = !chunked;
        return await client.SendAsync(request);
    }

    private void AssertArrivedAs(bool chunked, params string[] paths)
    {
        foreach (var path in paths)
        {
            var (_, length, transferEncoding) = Assert.Single(_framing.Requests, r => r.Path == path);
            Assert.True(chunked ? length is null && transferEncoding == "chunked" : length > 0 && transferEncoding.Length == 0,
                $"{path} arrived with Content-Length {length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} and Transfer-Encoding '{transferEncoding}'");
        }
    }
}
