using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Dmarc.Functions.ReceiveMail;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.Inbound;

/// <summary>POST /api/inbound/mail against Azurite: raw and multipart shapes are stored in inbound before the 202; bad requests store nothing.</summary>
public sealed class ReceiveMailTests : IAsyncLifetime
{
    private const string Secret = "inbound-webhook-secret-for-tests-0123";
    private static readonly byte[] Message = File.ReadAllBytes(RepoPaths.CorpusFile("aggregate", "twilight.eml"));
    private readonly DmarcAppFactory _app = new(new() { ["InboundMail:Secret"] = Secret, ["InboundMail:MaxBytes"] = "1048576" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_raw_message_is_stored_before_the_202_and_ingested_from_there()
    {
        var response = await PostAsync(Raw(Message), Secret);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var name = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!;
        var stored = await Inbound().GetBlobClient(name).DownloadContentAsync();
        Assert.Equal(Message, stored.Value.Content.ToArray());
        Assert.Equal("message/rfc822", stored.Value.Details.ContentType);

        var ingested = await TriggerPayloads.IngestAsync(_app.CreateClient(), name, Message);
        Assert.Equal(HttpStatusCode.OK, ingested.StatusCode);
        Assert.Contains("reports: 1", await ingested.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("email", false)]
    [InlineData("body-mime", false)]
    [InlineData("message", true)]
    public async Task The_forms_inbound_parse_services_post_are_stored_from_their_raw_field(string field, bool asFile)
    {
        using var form = new MultipartFormDataContent { { new StringContent("dmarc@reports.example"), "to" } };
        if (asFile)
        {
            form.Add(new ByteArrayContent(Message), field, "message.eml");
        }
        else
        {
            form.Add(new StringContent(Encoding.UTF8.GetString(Message)), field);
        }

        var response = await PostAsync(form, Secret, basic: true);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(await NamesAsync());
    }

    [Fact]
    public async Task The_same_message_sent_twice_is_one_blob()
    {
        var first = await (await PostAsync(Raw(Message), Secret)).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await PostAsync(Raw(Message), Secret)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(first.GetProperty("name").GetString(), second.GetProperty("name").GetString());
        Assert.Single(await NamesAsync());
    }

    [Fact]
    public async Task Bad_requests_say_why_and_store_nothing()
    {
        using var noField = new MultipartFormDataContent { { new StringContent("x"), "text" } };
        var cases = new (HttpResponseMessage Response, HttpStatusCode Status, string Detail)[]
        {
            (await PostAsync(Raw(Message), null), HttpStatusCode.Unauthorized, ReceiveMailFunction.SecretHeader),
            (await PostAsync(Raw(Message), Secret + "x"), HttpStatusCode.Unauthorized, "secret"),
            (await PostAsync(Raw(Encoding.ASCII.GetBytes("just some text\r\n")), Secret), HttpStatusCode.BadRequest, "RFC 5322"),
            (await PostAsync(Raw([]), Secret), HttpStatusCode.BadRequest, "empty"),
            (await PostAsync(new StringContent("{}", Encoding.UTF8, "application/json"), Secret), HttpStatusCode.UnsupportedMediaType, "message/rfc822"),
            (await PostAsync(noField, Secret), HttpStatusCode.BadRequest, "'email'"),
            (await PostAsync(Raw(new byte[1_100_000]), Secret), HttpStatusCode.RequestEntityTooLarge, "1048576"),
        };

        foreach (var (response, status, detail) in cases)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Contains(detail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty(await NamesAsync());
    }

    [Fact]
    public async Task Without_a_secret_the_webhook_is_off()
    {
        await using var off = new DmarcAppFactory();

        var response = await off.CreateClient().PostAsync(new Uri("/api/inbound/mail", UriKind.Relative), Raw(Message));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    private static ByteArrayContent Raw(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        return content;
    }

    private async Task<HttpResponseMessage> PostAsync(HttpContent content, string? secret, bool basic = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/inbound/mail", UriKind.Relative)) { Content = content };
        if (secret is not null && basic)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("parse:" + secret)));
        }
        else if (secret is not null)
        {
            request.Headers.Add(ReceiveMailFunction.SecretHeader, secret);
        }

        return await _app.CreateClient().SendAsync(request);
    }

    private BlobContainerClient Inbound() => new(Azurite.ConnectionString, _app.Names.Container("inbound"));

    private async Task<List<string>> NamesAsync()
    {
        var names = new List<string>();
        await foreach (var blob in Inbound().GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
