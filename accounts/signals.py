from django.dispatch import Signal

# Sent with `user` once an account's email address is confirmed from the address itself (a new
# account, or a changed address), inside the transaction that confirms it.
email_confirmed = Signal()
