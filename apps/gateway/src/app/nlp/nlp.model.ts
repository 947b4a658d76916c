import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('TokenLogProb')
export class TokenLogProbModel {
  @Field()
  token!: string;

  @Field(() => Float, { description: 'log10 P(token | history)' })
  logProb!: number;

  @Field(() => Int, { description: 'Length of the longest matching n-gram' })
  ngramLength!: number;

  @Field()
  oov!: boolean;
}

@ObjectType('Perplexity')
export class PerplexityModel {
  @Field(() => Float, { description: "SRILM's ngram -ppl convention: words and one </s> per sentence, OOVs scored as <unk>" })
  perplexity!: number;

  @Field(() => Float, { nullable: true })
  perplexityWithoutOov!: number | null;

  @Field(() => Int)
  sentences!: number;

  @Field(() => Int)
  words!: number;

  @Field(() => Int)
  oovs!: number;

  @Field(() => [TokenLogProbModel])
  tokens!: TokenLogProbModel[];

  @Field({ description: 'name and version of the model used' })
  model!: string;
}

@ObjectType('Completion')
export class CompletionModel {
  @Field()
  word!: string;

  @Field(() => Float)
  probability!: number;

  @Field(() => Float)
  logProb!: number;
}

@ObjectType('NoteSection')
export class NoteSectionModel {
  @Field()
  type!: string;

  @Field()
  heading!: string;

  @Field(() => Int)
  start!: number;

  @Field(() => Int)
  end!: number;
}

@ObjectType('MinedConcept')
export class MinedConceptModel {
  @Field()
  text!: string;

  @Field(() => Int)
  start!: number;

  @Field(() => Int)
  end!: number;

  @Field({ description: 'condition, drug or procedure' })
  type!: string;

  @Field()
  preferred!: string;

  @Field(() => String, { nullable: true })
  code!: string | null;

  @Field(() => String, { nullable: true })
  system!: string | null;

  @Field(() => String, { nullable: true, description: 'The expansion, when the text was an abbreviation' })
  expandedFrom!: string | null;

  @Field(() => String, { nullable: true })
  section!: string | null;

  @Field()
  negated!: boolean;

  @Field()
  uncertain!: boolean;

  @Field()
  historical!: boolean;

  @Field({ description: 'About someone other than the patient (family history)' })
  otherExperiencer!: boolean;
}

@ObjectType('Keyword')
export class KeywordModel {
  @Field()
  term!: string;

  @Field(() => Float)
  score!: number;
}

@ObjectType('Collocation', { description: 'Two adjacent content words (stop words and numbers left out, never across punctuation) that occur together more often than chance' })
export class CollocationModel {
  @Field({ description: 'The two words, space-separated' })
  bigram!: string;

  @Field(() => Int, { description: 'How often the pair occurs in the note, or in the notes of the specialty' })
  count!: number;

  @Field(() => Float, { description: "Dunning's log-likelihood ratio G2, the ranking score" })
  logLikelihood!: number;

  @Field(() => Float, { description: 'Pointwise mutual information, log2 P(w1 w2) / (P(w1) P(w2))' })
  pmi!: number;
}

@ObjectType('MinedNote')
export class MinedNoteModel {
  @Field(() => [NoteSectionModel])
  sections!: NoteSectionModel[];

  @Field(() => [MinedConceptModel])
  concepts!: MinedConceptModel[];

  @Field(() => [KeywordModel])
  keywords!: KeywordModel[];

  @Field(() => [CollocationModel], {
    description:
      'Word pairs of this note that are collocations, best first (at most 10). Here a note is scored on its own word counts, so these are the pairs it repeats (2 or more times); ' +
      'a batch mining job (startMiningJob) instead scores each note against all the notes it mines and keeps pairs seen 3 or more times there, and stores them with the note',
  })
  collocations!: CollocationModel[];
}

@ObjectType('SpecialtyTerms')
export class SpecialtyTermsModel {
  @Field()
  specialty!: string;

  @Field(() => [KeywordModel], { description: 'TF-IDF summed over the specialty notes, against all the notes the job mined' })
  keywords!: KeywordModel[];

  @Field(() => [CollocationModel], { description: "Collocations of the specialty's notes, from their own word counts, pairs seen 3 or more times" })
  collocations!: CollocationModel[];
}

@ObjectType('SpecialtyTermsReport')
export class SpecialtyTermsReportModel {
  @Field(() => ID, { description: 'The mining job the terms come from' })
  jobId!: string;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => [SpecialtyTermsModel])
  specialties!: SpecialtyTermsModel[];
}

@ObjectType('PhiSpan')
export class PhiSpanModel {
  @Field(() => Int, { description: 'Offset into the original text' })
  start!: number;

  @Field(() => Int)
  end!: number;

  @Field({ description: 'HIPAA Safe Harbor identifier type (NAME, DATE, PHONE, ...)' })
  type!: string;
}

@ObjectType('Deidentified')
export class DeidentifiedModel {
  @Field()
  text!: string;

  @Field(() => [PhiSpanModel])
  spans!: PhiSpanModel[];
}
