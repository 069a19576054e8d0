using System.Text;

namespace Relink.Bench.Load.Xmpp;

/// <summary>
/// Cuts an XMPP stream (RFC 6120 §4) into its top-level stanzas: the children of the <c>stream:stream</c> root, such as
/// <c>&lt;iq/&gt;</c>, <c>&lt;message&gt;…&lt;/message&gt;</c>, <c>&lt;stream:features&gt;</c> or stream management's
/// <c>&lt;r/&gt;</c>. Only what a bench needs from a server it trusts: tags are found by <c>&lt;</c> and <c>&gt;</c>
/// (a server escapes both inside attribute values and text), a new stream header (after SASL) starts the depth
/// again, and the declaration and comments are skipped.
/// </summary>
internal sealed class XmppStanzaScanner
{
    private readonly StringBuilder _stanza = new();
    private readonly StringBuilder _tag = new();
    private bool _inTag;
    private int _depth;

    /// <summary>Feeds received text; returns each stanza it completes, in order.</summary>
    public void Feed(ReadOnlySpan<char> text, List<string> completed)
    {
        foreach (char c in text)
        {
            if (_inTag)
            {
                _tag.Append(c);
                if (c == '>')
                {
                    _inTag = false;
                    EndTag(completed);
                }

                continue;
            }

            if (c == '<')
            {
                _inTag = true;
                _tag.Clear().Append(c);
                continue;
            }

            if (_depth >= 2)
            {
                _stanza.Append(c); // text inside a stanza
            }
        }
    }

    private void EndTag(List<string> completed)
    {
        string tag = _tag.ToString();
        if (tag.StartsWith("<?", StringComparison.Ordinal) || tag.StartsWith("<!", StringComparison.Ordinal))
        {
            return;
        }

        if (tag.StartsWith("<stream:stream", StringComparison.Ordinal))
        {
            _depth = 1; // a stream (re)starts: its children are the stanzas
            return;
        }

        if (tag.StartsWith("</", StringComparison.Ordinal))
        {
            if (_depth >= 2)
            {
                _stanza.Append(tag);
            }

            if (--_depth == 1)
            {
                completed.Add(_stanza.ToString());
                _stanza.Clear();
            }

            return;
        }

        bool selfClosing = tag.EndsWith("/>", StringComparison.Ordinal);
        if (_depth >= 1)
        {
            _stanza.Append(tag);
        }

        if (selfClosing)
        {
            if (_depth == 1)
            {
                completed.Add(_stanza.ToString());
                _stanza.Clear();
            }

            return;
        }

        _depth++;
    }
}
