"""Where apps above counselling keep personal data of a client, and hear of her.

`counselling` imports no app above it; those apps connect here instead.
"""

from django.dispatch import Signal

# Sent when a client's row is anonymised (erasure or purge), inside its
# transaction, with `client` and `now`: receivers remove what they keep of her.
client_anonymised = Signal()

# Sent while her data is exported (GDPR Art. 15), with `client`: each receiver
# returns a dict of further entries for that row of hers.
client_exported = Signal()
