using System.Net;
using Microsoft.AspNetCore.Antiforgery;

namespace Relink.Samples.HostedChat;

/// <summary>The app's sign-in form (server-rendered for its anti-forgery token).</summary>
public static class SignInPage
{
    /// <summary>The page, with <paramref name="error"/> shown above the form when set.</summary>
    public static IResult Render(AntiforgeryTokenSet tokens, string? error = null)
    {
        string accounts = string.Join(", ", DemoAccounts.Names.Keys);
        string message = error is null ? "" : $"""<p class="error" role="alert" data-testid="signin-error">{WebUtility.HtmlEncode(error)}</p>""";
        string html = $"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Sign in · Hosted chat</title>
              <link rel="stylesheet" href="/site.css">
            </head>
            <body>
              <main class="card">
                <h1>Hosted chat</h1>
                <p>This app signs you in; Relink, hosted inside it, trusts that sign-in.</p>
                {message}
                <form method="post" action="/signin">
                  <input type="hidden" name="{tokens.FormFieldName}" value="{WebUtility.HtmlEncode(tokens.RequestToken)}">
                  <label>User <input name="userId" autocomplete="username" required data-testid="signin-user"></label>
                  <label>Password <input name="password" type="password" autocomplete="current-password" required data-testid="signin-password"></label>
                  <button type="submit" data-testid="signin-submit">Sign in</button>
                </form>
                <p class="hint">Demo accounts: {accounts}; password <code>{DemoAccounts.Password}</code>.</p>
              </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
