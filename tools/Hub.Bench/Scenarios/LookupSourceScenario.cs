using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Hub.Contracts.V1;

namespace Hub.Bench.Scenarios;

/// <summary>
/// A cached resolve by source reference: <c>ResidentService.LookupResident</c> with a
/// <c>source_ref</c> of the household department, over the records the setup pushed.
/// <para>
/// Setup registers the adapter <c>bench-household</c>, pushes N person records on one
/// <c>IngestService.Push</c> stream (each with its own valid 18-digit citizen ID number, a name,
/// a birth date and a sex that agree with the number, so each becomes its own resident) and then
/// looks every record up once, which fills the identity cache (<c>src:</c> and <c>res:</c> keys).
/// </para>
/// <para>
/// With the in-process cache that look-up fills the cache at once. With Redis
/// (<c>--hub-setting --Hub:Cache:Redis=host:port</c>) each push leaves invalidation tombstones
/// for <c>Hub:Cache:InvalidationTombstoneTtl</c> (10 s by default), and a key under a tombstone is
/// answered from the store without being cached: then either start the measured run at least
/// that long after the setup, or run with a short window, e.g.
/// <c>--hub-setting --Hub:Cache:InvalidationTombstoneTtl=00:00:00.5</c>.
/// </para>
/// </summary>
public sealed class LookupSourceScenario(int records) : IScenario
{
    public const string Department = "household";
    public const string AdapterId = "bench-household";

    private static readonly TimeSpan SetupDeadline = TimeSpan.FromMinutes(5);
    private ResidentService.ResidentServiceClient? _client;
    private LookupResidentRequest[] _requests = [];

    public string Name => "lookup-source";

    public string Description =>
        $"ResidentService.LookupResident(source_ref) over {records:N0} pushed household records, cache warmed " +
        "(with Redis: run ≥ Hub:Cache:InvalidationTombstoneTtl after setup, or set it to 00:00:00.5)";

    public async Task SetupAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        if (records < 1)
            throw new InvalidOperationException("--lookup-records must be at least 1");
        var residents = await PushAsync(channel, cancellationToken);

        _client = new ResidentService.ResidentServiceClient(channel);
        _requests = Enumerable.Range(0, records)
            .Select(i => new LookupResidentRequest { SourceRef = new SourceRef { Department = Department, LocalId = LocalId(i) } })
            .ToArray();

        // Look each record up once: this fills the cache, and checks that every one resolves to its own resident.
        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime + SetupDeadline;
        await Parallel.ForAsync(0, records, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var answer = await _client.LookupResidentAsync(_requests[i], deadline: deadline, cancellationToken: ct);
                if (answer.ResidentId != residents[i])
                    throw new InvalidOperationException(
                        $"lookup-source setup: {LocalId(i)} resolved to '{answer.ResidentId}', its push was acked with '{residents[i]}'");
            });
    }

    public async Task CallAsync(int worker, long iteration, CancellationToken cancellationToken) =>
        await _client!.LookupResidentAsync(_requests[Pick(worker, iteration)], cancellationToken: cancellationToken);

    /// <summary>Which record a call reads: workers start far apart and each walks the records in order.</summary>
    private int Pick(int worker, long iteration) => (int)(((long)worker * 7919 + iteration) % _requests.Length);

    /// <summary>Registers the adapter and pushes the records, sending ahead; returns each record's resident id.</summary>
    private async Task<string[]> PushAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime + SetupDeadline;
        var registered = await new AdapterRegistryService.AdapterRegistryServiceClient(channel).RegisterAsync(new RegisterRequest
        {
            Department = Department, AdapterId = AdapterId, Version = "1", Capabilities = { AdapterCapability.IngestResidents },
        }, deadline: deadline, cancellationToken: cancellationToken);
        // Against an external hub that has seen this adapter before, sequences go on from its checkpoint.
        var first = registered.LastCommittedSequence + 1;

        var residents = new string[records];
        using var call = new IngestService.IngestServiceClient(channel).Push(deadline: deadline, cancellationToken: cancellationToken);
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < records; i++)
            {
                await call.RequestStream.WriteAsync(new PushRequest
                {
                    AdapterId = AdapterId,
                    Record = new IngestRecord
                    {
                        Sequence = first + i, Kind = RecordKind.Resident,
                        SourceRef = new SourceRef { Department = Department, LocalId = LocalId(i) }, Person = Person(i),
                    },
                }, cancellationToken);
            }
            await call.RequestStream.CompleteAsync();
        }, cancellationToken);

        var acked = 0;
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            var ack = call.ResponseStream.Current;
            var i = (int)(ack.Sequence - first);
            if (i < 0 || i >= records)
                throw new InvalidOperationException($"lookup-source setup: ack for unexpected sequence {ack.Sequence}");
            if (ack.Status != IngestStatus.Accepted || ack.ResidentId.Length == 0)
                throw new InvalidOperationException(
                    $"lookup-source setup: {LocalId(i)} acked {ack.Status} / {ack.Decision} '{ack.Reason}' (resident '{ack.ResidentId}')");
            residents[i] = ack.ResidentId;
            acked++;
        }
        await writer;
        if (acked != records)
            throw new InvalidOperationException($"lookup-source setup: {acked} acks for {records} records");
        return residents;
    }

    internal static string LocalId(int i) => "hh-" + i.ToString("D8", CultureInfo.InvariantCulture);

    // Simplified characters only; 20 × 24 × 24 two-character given names before a name repeats.
    private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
    private const string Given = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉";
    private static readonly string[] Regions = ["110101", "310104", "440305", "510107", "330106", "420102"];
    private static readonly DateOnly FirstBirth = new(1940, 1, 1);
    private const int BirthDays = 25_000; // 1940-01-01 .. 2008-06

    /// <summary>Record <paramref name="i"/>: a distinct valid ID number with the birth date and sex it encodes.</summary>
    internal static PersonRecord Person(int i)
    {
        var birth = FirstBirth.AddDays(i % BirthDays);
        var serial = (i / BirthDays) % 1000; // (birth date, serial) is distinct up to 25,000,000 records
        var region = Regions[(i / 7) % Regions.Length];
        var id = CitizenId(region, birth, serial);
        var name = string.Concat(Surnames[i % Surnames.Length], Given[(i / Surnames.Length) % Given.Length],
            Given[(i / (Surnames.Length * Given.Length)) % Given.Length]);
        return new PersonRecord
        {
            Name = name,
            IdNumber = id,
            BirthDate = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            // GB 11643-1999: the serial's last digit is odd for men ("1"), even for women ("2").
            Sex = new CodedValue { Dictionary = "sex", Code = serial % 2 == 1 ? "1" : "2" },
        };
    }

    /// <summary>An 18-character citizen ID number: region, birth date, 3-digit serial and the ISO 7064 MOD 11-2 check.</summary>
    internal static string CitizenId(string region, DateOnly birth, int serial)
    {
        var body = region + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + serial.ToString("D3", CultureInfo.InvariantCulture);
        return body + CheckCharacter(body);
    }

    internal static char CheckCharacter(string body17)
    {
        ReadOnlySpan<int> weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var k = 0; k < 17; k++)
            sum += (body17[k] - '0') * weights[k];
        return "10X98765432"[sum % 11];
    }
}
