using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using Hub.Contracts.V1;
using Hub.Ctl.Output;
using Spectre.Console;

namespace Hub.Ctl.Commands;

/// <summary><c>hubctl keys</c>: API keys of the calling systems (needs the admin grant).</summary>
public static class KeysCommand
{
    private static readonly Column<ApiKey>[] Columns =
    [
        new("key_id", k => k.KeyId),
        new("caller", k => k.Caller),
        new("state", k => ProtoNames.Of(k.State)),
        new("created", k => Times.Local(k.CreateTime)),
        new("expires", k => k.ExpireTime is null ? "never" : Times.Local(k.ExpireTime)),
        new("revoked", k => k.RevokeTime is null ? "" : Times.Local(k.RevokeTime)),
        new("created_by", k => k.CreatedBy),
        new("rotated_from", k => k.RotatedFrom),
    ];

    /// <summary>The <c>keys</c> command with its subcommands.</summary>
    public static Command Create() => new("keys",
        "API keys of the calling systems. The hub keeps only a salted hash: a key's text is printed once, when it is created.")
    {
        CreateCommand(), RotateCommand(), RevokeCommand(), ListCommand(),
    };

    private static Option<int?> ExpiresInDays() => new("--expires-in-days")
    {
        Description = "The key expires after this many days; default: it does not expire.", HelpName = "days",
    };

    private static Timestamp? Expiry(int? days) =>
        days is { } d ? Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow().AddDays(d)) : null;

    private static Command CreateCommand()
    {
        var caller = new Argument<string>("caller") { Description = "The calling system, e.g. civil-affairs-adapter; it needs a policy first ('hubctl policy set')." };
        var days = ExpiresInDays();
        var command = new Command("create", "Create a key for a caller and print it (once) on stdout.") { caller, days };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var r = await hub.Access.CreateKeyAsync(new CreateKeyRequest { Caller = parse.GetRequiredValue(caller), ExpireTime = Expiry(parse.GetValue(days)) },
                deadline: hub.Deadline(), cancellationToken: ct);
            Consoles.Error.WriteLine($"key {r.Key.KeyId} for {r.Key.Caller}; store it now, it is not shown again:");
            Console.Out.WriteLine(r.Secret);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command RotateCommand()
    {
        var keyId = new Argument<string>("key-id") { Description = "The key to replace (see 'hubctl keys list')." };
        var overlap = new Option<int>("--overlap-hours")
        {
            Description = "How long the old key stays valid so the calling system can switch over.", DefaultValueFactory = _ => 24, HelpName = "hours",
        };
        overlap.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 0 or > 720) r.AddError("--overlap-hours must be between 0 and 720."); });
        var days = ExpiresInDays();
        var command = new Command("rotate", "Create a successor key (printed once) and let the old one expire after the overlap.") { keyId, overlap, days };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var r = await hub.Access.RotateKeyAsync(new RotateKeyRequest
            {
                KeyId = parse.GetRequiredValue(keyId), OverlapSeconds = parse.GetValue(overlap) * 3600L, ExpireTime = Expiry(parse.GetValue(days)),
            }, deadline: hub.Deadline(), cancellationToken: ct);
            Consoles.Error.WriteLine($"key {r.Key.KeyId} replaces {r.Previous.KeyId} (valid until {Times.Local(r.Previous.ExpireTime)}); store it now:");
            Console.Out.WriteLine(r.Secret);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command RevokeCommand()
    {
        var keyId = new Argument<string>("key-id") { Description = "The key to revoke." };
        var command = new Command("revoke", "Revoke a key at once.") { keyId };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var r = await hub.Access.RevokeKeyAsync(new RevokeKeyRequest { KeyId = parse.GetRequiredValue(keyId) }, deadline: hub.Deadline(), cancellationToken: ct);
            Consoles.Out.WriteLine($"key {r.Key.KeyId} of {r.Key.Caller} revoked at {Times.Local(r.Key.RevokeTime)}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command ListCommand()
    {
        var caller = new Option<string?>("--caller") { Description = "Only this caller's keys.", HelpName = "caller" };
        var all = PagingOptions.CreateAll("keys");
        var output = OutputOption.Create();
        var command = new Command("list", "List keys (never their text): id, caller, state, creation, expiry, revocation.") { caller, all, output };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var (items, hasMore) = await Pager.CollectAsync<ApiKey>(async token =>
            {
                var page = await hub.Access.ListKeysAsync(new ListKeysRequest { Caller = parse.GetValue(caller) ?? "", PageSize = PagingOptions.PageSize, PageToken = token },
                    deadline: hub.Deadline(), cancellationToken: ct);
                return (page.Keys, page.NextPageToken);
            }, parse.GetValue(all));
            Listing.Write(OutputOption.Get(parse, output), items, Columns);
            PagingOptions.NoteMore(hasMore, "keys");
            return ExitCodes.Success;
        }));
        return command;
    }
}
