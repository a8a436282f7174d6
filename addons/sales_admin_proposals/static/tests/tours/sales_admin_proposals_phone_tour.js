import { registry } from "@web/core/registry";
import {
    assertFitsViewport,
    assertPortalIconsSized,
} from "@sales_admin_base/../tests/tours/portal_tour_utils";

registry.category("web_tour.tours").add("sale_contract_portal_phone", {
    url: "/my",
    steps: () => [
        {
            content: "The contracts tile is shown, with its pictogram",
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/contracts'] .o_portal_icon img",
        },
        assertPortalIconsSized("/my"),
        assertFitsViewport("/my"),
        {
            content: "Open the contracts",
            trigger: ".o_portal_index_card a[href='/my/contracts']",
            run: "click",
            expectUnloadPage: true,
        },
        assertFitsViewport("The contract list", ".o_portal_my_doc_table"),
        {
            content: "Open the contract to sign",
            trigger: ".o_portal_my_doc_table a:contains(CTR/)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "A contract without end date runs from its start, to nowhere",
            trigger: "#sale_contract_content:contains(This contract runs from)",
            run() {
                const text = document.querySelector("#sale_contract_content").textContent;
                const period = document.querySelector(".o_sale_contract_period").textContent;
                if (/runs from [^.]* to\s*\./.test(text) || /\sto\s*$/.test(period.trim())) {
                    throw new Error("the contract's term reads 'to .'");
                }
            },
        },
        assertFitsViewport("The contract page", ".o_sale_contract_portal"),
        {
            content: "Open the signature dialog",
            trigger: "a.o_sale_contract_sign",
            run: "click",
        },
        {
            content: "The customer's own name is proposed, not the company's",
            trigger: ".modal .o_web_sign_name_and_signature input:value(Ilze Berzina)",
        },
        assertFitsViewport("The signature dialog", ".modal.show .o_web_sign_name_and_signature"),
        {
            content: "The signature is drawn from the name",
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            content: "Sign",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The contract is signed",
            trigger: ".alert-success:contains('the contract is signed')",
        },
        assertFitsViewport("The signed contract", ".o_sale_contract_portal"),
    ],
});

registry.category("web_tour.tours").add("sale_proposal_portal_phone", {
    steps: () => [
        {
            content: "The totals stand in the amount column",
            trigger: ".o_proposal_pricing tfoot:contains(Total)",
            run() {
                const table = document.querySelector(".o_proposal_pricing");
                const column = table.querySelector("thead th:last-child").getBoundingClientRect();
                for (const cell of table.querySelectorAll("tr > td:last-child")) {
                    const rect = cell.getBoundingClientRect();
                    if (cell.colSpan === 1 && Math.abs(rect.right - column.right) > 1) {
                        throw new Error(
                            `"${cell.textContent.trim()}" ends at ${rect.right}px, ` +
                                `the amount column at ${column.right}px`
                        );
                    }
                }
            },
        },
        assertFitsViewport("The proposal page", ".o_proposal_portal"),
        {
            content: "Open the acceptance dialog",
            trigger: "button.o_proposal_accept",
            run: "click",
        },
        {
            content: "The contact person's name is proposed",
            trigger: ".modal .o_web_sign_name_and_signature input:value(Ann Acme)",
        },
        assertFitsViewport("The acceptance dialog", ".modal.show .o_web_sign_name_and_signature"),
    ],
});
