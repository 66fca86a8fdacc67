using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dmarc.Adapters.Dns;
using Dmarc.Functions.Api;
using Dmarc.Functions.ImportZoneFile;
using Dmarc.Functions.Tests.Monitoring;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dmarc.Functions.Tests.Api;

/// <summary>Body limits count the bytes read, so a chunked body (no Content-Length) is held to them too.</summary>
public sealed class RequestBodyLimitTests
{
    [Fact]
    public async Task A_chunked_zone_file_over_the_limit_gets_413_and_writes_nothing()
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.Hosted, runner: false);
        var zone = app.Domain("chunked");
        await app.CreateZoneAsync(zone);
        var file = ZoneFile(8 * 1024 * 1024);

        var response = await StreamingClient(app.Factory, app.Client).PostAsync(new Uri($"/api/accounts/{app.AccountId}/zones/{zone}/records:import", UriKind.Relative), Chunked(file, "text/plain"));

        var problem = await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal($"The request body is larger than the limit of {ImportZoneFileFunction.MaxBytes} bytes.", problem.GetProperty("detail").GetString());
        Assert.Empty(await app.Dns.GetRecordSetsAsync(zone, "h0." + zone));
    }

    [Fact]
    public async Task A_chunked_zone_file_within_the_limit_is_imported()
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.Hosted, runner: false);
        var zone = app.Domain("chunkedok");
        await app.CreateZoneAsync(zone);

        var response = await StreamingClient(app.Factory, app.Client).PostAsync(new Uri($"/api/accounts/{app.AccountId}/zones/{zone}/records:import", UriKind.Relative), Chunked(ZoneFile(100 * 1024), "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await app.Dns.GetRecordSetsAsync(zone, "h0." + zone));
    }

    [Fact]
    public async Task A_chunked_json_body_over_the_default_limit_gets_413_and_one_within_it_works()
    {
        await using var app = new DmarcAppFactory();
        var client = StreamingClient(app, app.CreateAdminClient());
        var big = JsonSerializer.SerializeToUtf8Bytes(new { name = new string('a', (int)RequestBodyLimit.DefaultMaxBytes), ownerEmails = new[] { "sec@contoso.com" }, edition = "Monitor" });
        var small = JsonSerializer.SerializeToUtf8Bytes(new { name = "Contoso", ownerEmails = new[] { "sec@contoso.com" }, edition = "Monitor" });

        var refused = await client.PostAsync(new Uri("/api/accounts", UriKind.Relative), Chunked(big, "application/json"));
        var created = await client.PostAsync(new Uri("/api/accounts", UriKind.Relative), Chunked(small, "application/json"));

        var problem = await AssertProblem(refused, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("The request body is too large.", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task Trigger_invocations_from_the_host_are_not_held_to_the_api_limit()
    {
        await using var app = new DmarcAppFactory();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new { Data = new { report = new string('x', 4 * (int)RequestBodyLimit.DefaultMaxBytes) }, Metadata = new { } });

        var response = await StreamingClient(app, app.CreateClient()).PostAsync(new Uri("/IngestReport", UriKind.Relative), Chunked(payload, "application/json"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("The trigger metadata has no blob 'name'.", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    /// <summary>
    /// A client that sends bodies as they are: the factory's default client follows redirects, and
    /// to do so buffers each body, which gives it a Content-Length.
    /// </summary>
    private static HttpClient StreamingClient(DmarcAppFactory factory, HttpClient like)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = like.DefaultRequestHeaders.Authorization;
        return client;
    }

    /// <summary>A body of unknown length, so the client sends it chunked.</summary>
    private static StreamContent Chunked(byte[] body, string mediaType)
    {
        var content = new StreamContent(new UnknownLengthStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        Assert.Null(content.Headers.ContentLength);
        return content;
    }

    private static byte[] ZoneFile(int bytes)
    {
        var file = new StringBuilder("$TTL 900\n");
        for (var i = 0; file.Length < bytes; i++)
        {
            file.Append('h').Append(i).Append(" IN A 192.0.2.").Append(i % 250 + 1).Append('\n');
        }

        return Encoding.ASCII.GetBytes(file.ToString());
    }

    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Reads like a network stream: forward only, length unknown.</summary>
    private sealed class UnknownLengthStream(byte[] content) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = Math.Min(count, content.Length - _position);
            Array.Copy(content, _position, buffer, offset, read);
            _position += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
