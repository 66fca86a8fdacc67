// Calls the running app through the Kiota client generated from its own OpenAPI document and prints
// one line per call; KiotaClientTests reads the lines. Errors are caught as the generated problem
// types, so a line says which type the client gave.
//   KiotaProbe <base-url> <account-id> <account-key> <new-zone>
using Dmarc.Client;
using Dmarc.Client.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

var (baseUrl, accountId, accountKey, zone) = (args[0], args[1], args[2], args[3]);
// Kiota's API-key provider sends keys over https only; the app here listens on http://127.0.0.1, so
// the key goes as a default header of Kiota's own HttpClient (with its middleware).
using var http = KiotaClientFactory.Create();
http.DefaultRequestHeaders.Add("x-api-key", accountKey);
var client = new DmarcClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = baseUrl.TrimEnd('/') });

var health = await client.Api.Health.GetAsync();
Console.WriteLine($"health: {health?.Status}");

var account = await client.Api.Accounts[accountId].GetAsync();
Console.WriteLine($"account: {account?.Name} {account?.Edition}");

var created = await client.Api.Accounts[accountId].Zones.PostAsync(new NewZone { Name = zone });
Console.WriteLine($"zone: {created?.Name} {created?.Kind}");

try
{
    await client.Api.Accounts[accountId].Domains.PostAsync(new NewDomain { Domain = "not a domain" });
    Console.WriteLine("domain: accepted");
}
catch (HttpValidationProblemDetails problem)
{
    var fields = string.Join(',', (problem.Errors?.AdditionalData.Keys ?? []).Order(StringComparer.Ordinal));
    Console.WriteLine($"problem: {problem.ResponseStatusCode} {nameof(HttpValidationProblemDetails)} {problem.Status} {problem.Title} | {fields}");
}

try
{
    await client.Api.Accounts["acct-does-not-exist"].GetAsync();
    Console.WriteLine("missing account: found");
}
catch (ProblemDetails problem)
{
    Console.WriteLine($"problem: {problem.ResponseStatusCode} {nameof(ProblemDetails)} {problem.Status} {problem.Title} | {problem.Detail}");
}
