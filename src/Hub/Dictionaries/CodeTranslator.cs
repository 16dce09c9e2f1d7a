using Google.Protobuf;
using Hub.Common;
using Hub.Contracts.V1;

namespace Hub.Dictionaries;

/// <summary>Why a coded value could not be translated.</summary>
/// <param name="Field">Path of the field in the record, e.g. <c>person.sex</c>.</param>
/// <param name="Key">The department code that has no mapping.</param>
/// <param name="LocalLabel">The department's label for it, when the record carried one.</param>
public sealed record UnmappedValue(string Field, LocalCodeKey Key, string LocalLabel);

/// <summary>Outcome of translating one record.</summary>
/// <param name="Unmapped">Codes without a mapping: the record must be quarantined.</param>
/// <param name="Errors">Values that can never be translated (unknown dictionary, invalid canonical code): the record is refused.</param>
public sealed record TranslationResult(IReadOnlyList<UnmappedValue> Unmapped, IReadOnlyList<string> Errors)
{
    /// <summary>True when every coded value was translated.</summary>
    public bool Complete => Unmapped.Count == 0 && Errors.Count == 0;

    /// <summary>One line for an ack or a quarantine entry.</summary>
    public string Reason => string.Join("; ", Errors.Concat(Unmapped.Select(u =>
        $"{u.Field}: {u.Key.Department} code '{u.Key.LocalCode}' has no mapping in dictionary {u.Key.Dictionary}")));
}

/// <summary>
/// Fills the canonical code and label of every <see cref="CodedValue"/> in a message from the
/// department's mappings. It walks the message by protobuf reflection, so a coded field added
/// to the contracts later is translated without changing this class.
/// </summary>
public sealed class CodeTranslator(DictionaryCatalog catalog)
{
    /// <summary>Translates <paramref name="message"/> in place for <paramref name="department"/>.</summary>
    public TranslationResult Translate(IMessage message, string department, MappingSnapshot mappings) =>
        Translate(message, department, mappings, restoreIfIncomplete: false);

    /// <summary>
    /// Translates <paramref name="message"/> in place, or, when it cannot be translated completely, leaves every coded
    /// value as it was: the caller keeps the message as received (to quarantine or refuse it) without a copy made beforehand.
    /// </summary>
    public TranslationResult TranslateOrRestore(IMessage message, string department, MappingSnapshot mappings) =>
        Translate(message, department, mappings, restoreIfIncomplete: true);

    private TranslationResult Translate(IMessage message, string department, MappingSnapshot mappings, bool restoreIfIncomplete)
    {
        var unmapped = new List<UnmappedValue>();
        var errors = new List<string>();
        var before = restoreIfIncomplete ? new List<(CodedValue Coded, string Code, string Label)>() : null;
        MessageWalker.ForEach<CodedValue>(message, (coded, path) =>
        {
            before?.Add((coded, coded.Code, coded.Label));
            TranslateOne(coded, path, department, mappings, unmapped, errors);
        });
        if (before is not null && (unmapped.Count > 0 || errors.Count > 0))
        {
            foreach (var (coded, code, label) in before)
                (coded.Code, coded.Label) = (code, label);
        }
        return new TranslationResult(unmapped, errors);
    }

    private void TranslateOne(CodedValue coded, string path, string department, MappingSnapshot mappings,
        List<UnmappedValue> unmapped, List<string> errors)
    {
        var sourceCode = coded.SourceCode.Trim();
        if (coded.Dictionary.Length == 0)
        {
            if (sourceCode.Length > 0 || coded.Code.Length > 0)
                errors.Add($"{path}: a coded value without a dictionary");
            return;
        }
        if (!catalog.TryGet(coded.Dictionary, out var dictionary))
        {
            errors.Add($"{path}: unknown dictionary '{coded.Dictionary}'");
            return;
        }
        if (sourceCode.Length == 0)
        {
            // The department sent a canonical code directly (or nothing at all).
            if (coded.Code.Length == 0)
                return;
            if (dictionary.TryGet(coded.Code, out var direct))
                coded.Label = direct.Label;
            else
                errors.Add($"{path}: '{coded.Code}' is not a code of dictionary {dictionary.Id}");
            return;
        }
        var key = new LocalCodeKey(department, dictionary.Id, sourceCode);
        if (mappings.TryMap(key, out var canonical) && dictionary.TryGet(canonical, out var entry))
        {
            coded.Code = entry.Code;
            coded.Label = entry.Label;
        }
        else
        {
            coded.Code = "";
            coded.Label = "";
            unmapped.Add(new UnmappedValue(path, key, coded.SourceLabel));
        }
    }
}
