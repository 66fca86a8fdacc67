using Microsoft.AspNetCore.Authorization;

namespace Dmarc.Functions.Tests.Layout;

/// <summary>
/// The host checks the Functions key (x-functions-key or ?code=) of every function with
/// authLevel "function" before it forwards the request; "anonymous" needs none. The account key
/// comes on top. Only callers for whom no key can exist yet go without one.
/// </summary>
public sealed class AuthLevelTests(AppEndpoints app) : IClassFixture<AppEndpoints>
{
    /// <summary>Sign-up, its confirmation, outsiders asking for access, health and the API document.
    /// Adding a name here is a decision: that function is open to the whole internet.</summary>
    private static readonly string[] Anonymous = ["ConfirmAccessRequest", "ConfirmSignup", "Health", "OpenApi", "ReceiveMail", "RequestAccess", "SignUp"];

    [Fact]
    public void Exactly_the_functions_no_key_can_exist_for_are_anonymous_and_every_other_needs_the_function_key()
    {
        var functions = FunctionJsonFile.LoadHttp();

        Assert.Equal(Anonymous, functions.Where(f => f.HttpTrigger.AuthLevel == "anonymous").Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(functions.Where(f => !Anonymous.Contains(f.Name)), f =>
            Assert.True(f.HttpTrigger.AuthLevel == "function", $"{f.Name}: authLevel '{f.HttpTrigger.AuthLevel}', expected 'function'"));
    }

    [Fact]
    public void A_function_is_anonymous_at_the_host_exactly_when_the_app_lets_callers_in_without_an_account_key()
    {
        Assert.All(FunctionJsonFile.LoadHttp(), f =>
        {
            var endpoint = Assert.Single(app.All, e => AppEndpoints.NameOf(e) == f.Name);
            var appIsOpen = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || endpoint.Metadata.GetMetadata<IAuthorizeData>() is null;
            Assert.True(appIsOpen == (f.HttpTrigger.AuthLevel == "anonymous"),
                $"{f.Name}: authLevel '{f.HttpTrigger.AuthLevel}' but the app {(appIsOpen ? "asks for no account key" : "asks for an account key")}");
        });
    }
}
