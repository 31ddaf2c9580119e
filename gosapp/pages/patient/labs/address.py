"""The page's address follows the applied filter: a filter chosen is shown by its own event
(``LabsState._go``), which sets ``LabsState.address``; this hook pushes that address into the
browser's history, so the back button, a reload and a copied link keep working. Done in the
browser, not by a script the event returns: a returned script is a second update per event.

``load`` (a link opened, a reload, the back or forward button: Reflex's ``on_load``) sets the
address to "", as the browser is already there: nothing is pushed then.
"""

import reflex as rx
from reflex.vars import VarData
from reflex_base.utils.imports import ImportVar

from gosapp.pages.patient.labs.state import LabsState


class AddressSync(rx.Fragment):
    """Renders nothing; pushes ``LabsState.address`` when it names another address."""

    def add_hooks(self) -> list[str | rx.Var]:
        """A ``useEffect`` on the address (with the state context it reads)."""
        address = LabsState.address
        hook = f"""
useEffect(() => {{
    const next = {address!s};
    if (!next || typeof window === 'undefined') return;
    const here = window.location.pathname.replace(/\\/$/, '') + window.location.search;
    if (here !== next) window.history.pushState(null, '', next);
}}, [{address!s}]);
"""
        data = VarData.merge(
            address._get_all_var_data(),
            VarData(imports={"react": [ImportVar(tag="useEffect")]}),
        )
        return [rx.Var(hook, _var_data=data)]


def address_sync() -> rx.Component:
    """Put into the page once."""
    return AddressSync.create()
