// Sample drafts for the playground.
import type { Channel } from '../../extension/src/protocol';

export interface Sample {
  name: string;
  channel: Channel;
  text: string;
}

export const SAMPLES: Sample[] = [
  {
    name: 'A sales pitch',
    channel: 'email',
    text: `Hi {{first_name}},

I hope this email finds you well. I'm reaching out from Acme Analytics, the leading provider of revenue intelligence. We help companies like yours increase revenue by 30%.

I'd love to show you how our platform works. Would you be open to a quick 15-minute call next week? Grab a time here: https://calendly.com/acme/demo

Best,
Jordan`,
  },
  {
    name: 'A pushy follow-up',
    channel: 'email',
    text: `Hi John,

Just bumping this to the top of your inbox. Per my last email, I need an answer by Friday.

I haven't heard back from you yet — please let me know ASAP!!

Thanks,
Rick`,
  },
  {
    name: 'A warm introduction',
    channel: 'email',
    text: `Hi Priya,

Maria suggested I reach out since we both care about community gardens. I loved your talk on soil health at the spring summit — the part about volunteer rotas stuck with me.

How did you get the city council on board? No rush at all. If it's useful, I'm happy to introduce you to the folks running the Leeds allotment network.

Thanks,
Sam`,
  },
  {
    name: "A student's modest ask",
    channel: 'email',
    text: `Hi Dr. Osei,

I'm a second-year student at Ohio State studying economics. I read your piece on supply-chain resilience and was curious how you moved from consulting into operations.

Would you have 20 minutes in the next few weeks to share how you think about it? Completely understand if not.

Best,
Maya`,
  },
  {
    name: 'A pitch dressed as a question',
    channel: 'linkedin-message',
    text: `Saw you're hiring three SDRs at Acme. How are you planning to ramp them? We built an AI roleplay coach that halves ramp time. Worth a chat?`,
  },
  {
    name: 'A plain note (no evidence either way)',
    channel: 'email',
    text: `Hi team,

Attached is the agenda for Thursday. The room is booked from 2 to 3.

Sam`,
  },
  {
    name: 'A LinkedIn connection note',
    channel: 'linkedin-note',
    text: `Hi Dana — loved your post on mentoring junior designers. As a fellow design lead I'd enjoy swapping notes sometime. No agenda, just admire your work!`,
  },
];
